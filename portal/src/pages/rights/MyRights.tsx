import { Heading, Paragraph, Table, Tag } from '@digdir/designsystemet-react';
import { useId } from 'react';
import { format, useFormatters, useTexts } from '../../i18n.tsx';
import type { MyRights as MyRightsData, RoleCatalog, Service } from './model.ts';
import { partyLabel, useNames } from './parts.tsx';
import { rightsTexts } from './texts.ts';

type HeldRole = MyRightsData['roles'][number];

/** Section a: "Skjema og tjenester du har rettighet til" — my roles and single rights, and where each comes from. */
export function MyRights({ rights, roles, services }: { rights: MyRightsData; roles: RoleCatalog | undefined; services: Service[] | undefined }) {
  const t = useTexts(rightsTexts);
  const { date } = useFormatters();
  const names = useNames(roles, services);
  const headingId = useId();
  const reportee = rights.reportee.name;

  const source = (r: HeldRole): string => {
    let text: string;
    if (r.source === 'er') text = format(r.inheritedFromMainUnit ? t.fromErMainUnit : t.fromEr, { erRole: names.erRole(r.erRole ?? '') });
    else if (r.source === 'client') text = format(t.fromClient, { firm: r.via ? partyLabel(r.via) : '', by: r.delegatedBy?.name ?? '' });
    else if (r.via) text = format(t.fromDelegationToOrg, { org: partyLabel(r.via), by: r.delegatedBy?.name ?? '' });
    else text = format(t.fromDelegation, { by: r.delegatedBy?.name ?? '' });
    return r.inheritedFromMainUnit && r.source !== 'er' ? `${text} ${t.inheritedSuffix}` : text;
  };

  return (
    <section className="stack" aria-labelledby={headingId}>
      <Heading level={2} data-size="md" id={headingId}>
        {format(t.mineHeading, { reportee })}
      </Heading>
      {rights.reportee.isDeleted && (
        <Tag data-color="danger" data-size="sm">
          {t.deleted}
        </Tag>
      )}
      {rights.isSelf && <Paragraph>{t.selfEverything}</Paragraph>}
      {!rights.isSelf && rights.roles.length === 0 && rights.rights.length === 0 && <Paragraph>{format(t.noRoles, { reportee })}</Paragraph>}
      {rights.roles.length > 0 && (
        <>
          <Paragraph>{t.mineIntro}</Paragraph>
          <Table zebra className="rights-table">
            <caption>{format(t.rolesCaption, { reportee })}</caption>
            <Table.Head>
              <Table.Row>
                <Table.HeaderCell>{t.colRole}</Table.HeaderCell>
                <Table.HeaderCell>{t.colSource}</Table.HeaderCell>
                <Table.HeaderCell>{t.colValidTo}</Table.HeaderCell>
              </Table.Row>
            </Table.Head>
            <Table.Body>
              {rights.roles.map((r, i) => (
                <Table.Row key={`${r.code}-${i}`}>
                  <Table.Cell>{names.role(r.code)}</Table.Cell>
                  <Table.Cell>{source(r)}</Table.Cell>
                  <Table.Cell>{r.validTo ? date(r.validTo) : t.noEnd}</Table.Cell>
                </Table.Row>
              ))}
            </Table.Body>
          </Table>
        </>
      )}
      {rights.rights.length > 0 && (
        <Table zebra className="rights-table">
          <caption>{format(t.singleRightsCaption, { reportee })}</caption>
          <Table.Head>
            <Table.Row>
              <Table.HeaderCell>{t.colService}</Table.HeaderCell>
              <Table.HeaderCell>{t.colOperations}</Table.HeaderCell>
              <Table.HeaderCell>{t.colSource}</Table.HeaderCell>
              <Table.HeaderCell>{t.colValidTo}</Table.HeaderCell>
            </Table.Row>
          </Table.Head>
          <Table.Body>
            {rights.rights.map((r) => (
              <Table.Row key={`${r.serviceCode}/${r.serviceEditionCode}-${r.via?.partyId ?? ''}`}>
                <Table.Cell>{names.service(r.serviceCode, r.serviceEditionCode)}</Table.Cell>
                <Table.Cell>{r.operations.map(names.operation).join(', ')}</Table.Cell>
                <Table.Cell>
                  {r.via ? format(t.fromDelegationToOrg, { org: partyLabel(r.via), by: r.delegatedBy.name }) : format(t.fromDelegation, { by: r.delegatedBy.name })}
                  {r.inheritedFromMainUnit ? ` ${t.inheritedSuffix}` : ''}
                </Table.Cell>
                <Table.Cell>{r.validTo ? date(r.validTo) : t.noEnd}</Table.Cell>
              </Table.Row>
            ))}
          </Table.Body>
        </Table>
      )}
    </section>
  );
}
