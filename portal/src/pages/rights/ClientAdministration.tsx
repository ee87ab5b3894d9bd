import { Alert, Button, Field, Heading, Label, Paragraph, Select, Spinner, Table, Textfield, ValidationMessage } from '@digdir/designsystemet-react';
import { useId, useRef, useState, type FormEvent } from 'react';
import { api, url } from '../../api.ts';
import { format, useFormatters, useLanguage, useTexts } from '../../i18n.tsx';
import { ProblemAlert } from '../../ui/ProblemAlert.tsx';
import { useLoad } from '../../ui/useLoad.ts';
import type { Delegation, FirmClient, MyRights, RoleCatalog } from './model.ts';
import { delegationErrors, delegationProblemTexts, endOfDay, partyLabel, PartyDetail, RevokeDialog, todayIso, useNames, type DelegationErrors } from './parts.tsx';
import { rightsTexts } from './texts.ts';
import { focusFirstError } from '../../ui/field-errors.ts';

const ORDER = ['client', 'role', 'ssn', 'lastName', 'validTo'] as const;

const orgnoOf = (c: FirmClient) => (c.client.type === 'organization' ? c.client.orgno : `r${c.client.partyId}`);

/**
 * Section e (the firm's client administrators): the clients where the firm is accountant (REGN) or auditor
 * (REVI), the client roles that brings, and passing them on to a person of the firm (`viaFirm`) or back.
 */
export function ClientAdministration({ firm, rights, roles }: { firm: string; rights: MyRights; roles: RoleCatalog | undefined }) {
  const t = useTexts(rightsTexts);
  const { language } = useLanguage();
  const { date } = useFormatters();
  const names = useNames(roles, undefined);
  const headingId = useId();
  // After a revocation the row and its button are gone: focus goes back to the section's heading.
  const headingRef = useRef<HTMLHeadingElement>(null);
  const list = useLoad((signal) => api<{ clients: FirmClient[] }>('GET', url`/api/v1/reportees/${firm}/clients`, undefined, { signal }).then((a) => a.clients), [firm]);
  const [clientValue, setClientValue] = useState('');
  const [roleCode, setRoleCode] = useState('');
  const [ssn, setSsn] = useState('');
  const [lastName, setLastName] = useState('');
  const [validTo, setValidTo] = useState('');
  const [errors, setErrors] = useState<DelegationErrors>({});
  const [error, setError] = useState<unknown>();
  const [given, setGiven] = useState<string>();
  const [revoked, setRevoked] = useState<string>();
  const [busy, setBusy] = useState(false);
  const [pending, setPending] = useState<{ client: FirmClient; delegation: Delegation }>();
  const firmName = rights.reportee.name;
  const clients = list.data ?? [];
  const client = clients.find((c) => orgnoOf(c) === clientValue);
  const passedOn = clients.flatMap((c) => c.delegations.map((d) => ({ client: c, delegation: d })));

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const found: DelegationErrors = {};
    const id = ssn.replace(/\s/g, '');
    if (!client) found.client = t.chooseClient;
    if (!roleCode || !client?.clientRoles.some((r) => r.code === roleCode)) found.role = t.chooseClientRole;
    if (!/^\d{11}$/.test(id)) found.ssn = t.errSsnFormat;
    if (lastName.trim() === '') found.lastName = t.errLastNameRequired;
    if (validTo !== '' && validTo < todayIso()) found.validTo = t.errValidToPast;
    setErrors(found);
    setError(undefined);
    setGiven(undefined);
    setRevoked(undefined);
    if (Object.keys(found).length > 0) {
      focusFirstError(found, ORDER, 'client');
      return;
    }
    setBusy(true);
    try {
      const d = await api<Delegation>('POST', url`/api/v1/reportees/${orgnoOf(client!)}/delegations`, {
        roleCode,
        to: { ssn: id, lastName: lastName.trim() },
        viaFirm: rights.reportee.orgno,
        ...(validTo ? { validTo: endOfDay(validTo) } : {}),
      });
      setGiven(format(t.clientGiven, { who: d.recipient.name, role: names.role(roleCode), client: client!.client.name }));
      setSsn('');
      setLastName('');
      setValidTo('');
      list.reload();
    } catch (err) {
      const fields = delegationErrors(err, t, 'person');
      if (Object.keys(fields).length > 0) {
        setErrors(fields);
        focusFirstError(fields, ORDER, 'client');
      } else setError(err);
    } finally {
      setBusy(false);
    }
  };

  const revoke = async () => {
    if (!pending) return;
    setBusy(true);
    setError(undefined);
    setGiven(undefined);
    try {
      await api('DELETE', url`/api/v1/reportees/${orgnoOf(pending.client)}/delegations/${pending.delegation.delegationId}`);
      setRevoked(format(t.revoked, { who: pending.delegation.recipient.name, what: names.given(pending.delegation) }));
      list.reload();
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
      setPending(undefined);
      headingRef.current?.focus();
    }
  };

  return (
    <section className="stack" aria-labelledby={headingId}>
      <Heading level={2} data-size="md" id={headingId} ref={headingRef} tabIndex={-1} className="rights-section-heading">
        {t.clientsHeading}
      </Heading>
      <Paragraph>{format(t.clientsIntro, { firm: firmName })}</Paragraph>
      <ProblemAlert error={error ?? list.error} texts={delegationProblemTexts(t)} />
      {list.loading && !list.data ? (
        <Spinner aria-label={t.loading} data-size="md" />
      ) : clients.length === 0 ? (
        <Paragraph>{format(t.noClients, { firm: firmName })}</Paragraph>
      ) : (
        <>
          <Table zebra className="rights-table">
            <caption>{format(t.clientsCaption, { firm: firmName })}</caption>
            <Table.Head>
              <Table.Row>
                <Table.HeaderCell>{t.colClient}</Table.HeaderCell>
                <Table.HeaderCell>{t.colFirmRole}</Table.HeaderCell>
                <Table.HeaderCell>{t.colClientRoles}</Table.HeaderCell>
              </Table.Row>
            </Table.Head>
            <Table.Body>
              {clients.map((c) => (
                <Table.Row key={c.client.partyId}>
                  <Table.Cell>{partyLabel(c.client)}</Table.Cell>
                  <Table.Cell>{c.erRoles.map(names.erRole).join(', ')}</Table.Cell>
                  <Table.Cell>{c.clientRoles.map((r) => names.role(r.code)).join(', ')}</Table.Cell>
                </Table.Row>
              ))}
            </Table.Body>
          </Table>

          <Heading level={3} data-size="sm">
            {t.passedOnHeading}
          </Heading>
          <div role="status">
            {revoked && (
              <Alert data-color="success">
                <Paragraph>{revoked}</Paragraph>
              </Alert>
            )}
          </div>
          {passedOn.length === 0 ? (
            <Paragraph>{t.noPassedOn}</Paragraph>
          ) : (
            <Table zebra className="rights-table">
              <caption className="visually-hidden">{format(t.passedOnCaption, { firm: firmName })}</caption>
              <Table.Head>
                <Table.Row>
                  <Table.HeaderCell>{t.colClient}</Table.HeaderCell>
                  <Table.HeaderCell>{t.colRole}</Table.HeaderCell>
                  <Table.HeaderCell>{t.colRecipient}</Table.HeaderCell>
                  <Table.HeaderCell>{t.colValidTo}</Table.HeaderCell>
                  <Table.HeaderCell>
                    <span className="visually-hidden">{t.colActions}</span>
                  </Table.HeaderCell>
                </Table.Row>
              </Table.Head>
              <Table.Body>
                {passedOn.map(({ client: c, delegation: d }) => (
                  <Table.Row key={d.delegationId}>
                    <Table.Cell>{c.client.name}</Table.Cell>
                    <Table.Cell>{names.given(d)}</Table.Cell>
                    <Table.Cell>
                      {d.recipient.name} <PartyDetail party={d.recipient} />
                    </Table.Cell>
                    <Table.Cell>{d.validTo ? date(d.validTo) : t.noEnd}</Table.Cell>
                    <Table.Cell>
                      <Button
                        variant="secondary"
                        data-color="danger"
                        data-size="sm"
                        onClick={() => setPending({ client: c, delegation: d })}
                        aria-label={format(t.revokeFor, { who: d.recipient.name, what: `${names.given(d)}, ${c.client.name}` })}
                      >
                        {t.revoke}
                      </Button>
                    </Table.Cell>
                  </Table.Row>
                ))}
              </Table.Body>
            </Table>
          )}

          <Heading level={3} data-size="sm">
            {t.passOnHeading}
          </Heading>
          <form className="stack narrow" onSubmit={submit} noValidate>
            <Field>
              <Label htmlFor="client-client">{t.client}</Label>
              <Select
                id="client-client"
                value={clientValue}
                onChange={(e) => {
                  setClientValue(e.target.value);
                  setRoleCode('');
                }}
                aria-invalid={errors.client ? true : undefined}
              >
                <Select.Option value="">{t.chooseClientOption}</Select.Option>
                {clients.map((c) => (
                  <Select.Option key={c.client.partyId} value={orgnoOf(c)}>
                    {partyLabel(c.client)}
                  </Select.Option>
                ))}
              </Select>
              {errors.client && <ValidationMessage>{errors.client}</ValidationMessage>}
            </Field>
            <Field>
              <Label htmlFor="client-role">{t.clientRole}</Label>
              <Select id="client-role" value={roleCode} disabled={!client} onChange={(e) => setRoleCode(e.target.value)} aria-invalid={errors.role ? true : undefined}>
                <Select.Option value="">{t.chooseRoleOption}</Select.Option>
                {(client?.clientRoles ?? []).map((r) => (
                  <Select.Option key={r.code} value={r.code}>
                    {`${r.name[language]} (${r.code})`}
                  </Select.Option>
                ))}
              </Select>
              {errors.role && <ValidationMessage>{errors.role}</ValidationMessage>}
            </Field>
            <Textfield id="client-ssn" label={t.ssn} description={t.clientPersonHelp} inputMode="numeric" autoComplete="off" value={ssn} onChange={(e) => setSsn(e.target.value)} error={errors.ssn} />
            <Textfield id="client-lastName" label={t.lastName} autoComplete="off" value={lastName} onChange={(e) => setLastName(e.target.value)} error={errors.lastName} />
            <Textfield id="client-validTo" type="date" label={t.validTo} description={t.validToHelp} value={validTo} min={todayIso()} onChange={(e) => setValidTo(e.target.value)} error={errors.validTo} />
            <Button type="submit" disabled={busy}>
              {t.passOnSubmit}
            </Button>
          </form>
          <div role="status">
            {given && (
              <Alert data-color="success">
                <Paragraph>{given}</Paragraph>
              </Alert>
            )}
          </div>
        </>
      )}
      <RevokeDialog
        pending={pending && { who: pending.delegation.recipient.name, what: names.given(pending.delegation), reportee: pending.client.client.name }}
        busy={busy}
        onConfirm={() => void revoke()}
        onCancel={() => setPending(undefined)}
      />
    </section>
  );
}
