import { Heading, Link as DsLink, Paragraph, Spinner, Tag, Textfield } from '@digdir/designsystemet-react';
import { useMemo, useState, type FormEvent } from 'react';
import { format, useTexts } from '../../i18n.tsx';
import { reporteeParam, spacedOrgno, useReportees, type Reportee, type ReporteeUnit } from '../../reportees.ts';
import { Link, navigate } from '../../router.tsx';
import type { RouteProps } from '../../routes.tsx';
import { Page } from '../../ui/Page.tsx';
import { ProblemAlert } from '../../ui/ProblemAlert.tsx';
import { reporteesTexts } from './texts.ts';
import './reportees.css';

function matches(unit: ReporteeUnit, needle: string): boolean {
  if (needle === '') return true;
  const digits = needle.replace(/\s/g, '');
  return unit.name.toLowerCase().includes(needle) || (/^\d+$/.test(digits) && (unit.orgno ?? '').includes(digits));
}

/** The list narrowed by the search: a main unit stays as the context of a matching sub-unit. */
function filterReportees(list: readonly Reportee[], query: string): Reportee[] {
  const needle = query.trim().toLowerCase();
  if (needle === '') return [...list];
  const out: Reportee[] = [];
  for (const r of list) {
    if (matches(r, needle)) out.push(r);
    else {
      const subUnits = r.subUnits.filter((s) => matches(s, needle));
      if (subUnits.length > 0) out.push({ ...r, subUnits });
    }
  }
  return out;
}

const countUnits = (list: readonly Reportee[]) => list.reduce((n, r) => n + 1 + r.subUnits.length, 0);

function Choice({ unit, self, t }: { unit: ReporteeUnit; self: boolean; t: Record<keyof (typeof reporteesTexts)['nb'], string> }) {
  return (
    <DsLink asChild>
      <Link to={`/r/${encodeURIComponent(reporteeParam(unit, self))}/inbox`} className="reportee-choice">
        <span className="reportee-name">{unit.name}</span>
        {unit.orgno && <span className="reportee-meta">{format(t.orgno, { orgno: spacedOrgno(unit.orgno) })}</span>}
        {self && (
          <Tag data-color="info" data-size="sm">
            {t.yourself}
          </Tag>
        )}
        {unit.unitType === 'sub' && (
          <Tag data-color="neutral" data-size="sm">
            {t.subUnit}
          </Tag>
        )}
        {unit.isDeleted && (
          <Tag data-color="danger" data-size="sm">
            {t.deleted}
          </Tag>
        )}
      </Link>
    </DsLink>
  );
}

export default function ReporteesPage(_props: RouteProps) {
  const t = useTexts(reporteesTexts);
  const { reportees, error, loading } = useReportees();
  const [query, setQuery] = useState('');
  const shown = useMemo(() => filterReportees(reportees ?? [], query), [reportees, query]);
  const self = reportees?.[0];
  const persons = shown.filter((r) => r.type === 'person');
  const organizations = shown.filter((r) => r.type === 'organization');

  // Enter in the search chooses the only match (keyboard users need not tab through the list).
  const submit = (event: FormEvent) => {
    event.preventDefault();
    const flat = shown.flatMap((r) => (matches(r, query.trim().toLowerCase()) ? [r, ...r.subUnits] : r.subUnits));
    if (flat.length === 1) navigate(`/r/${encodeURIComponent(reporteeParam(flat[0]!, flat[0]!.partyId === self?.partyId))}/inbox`);
  };

  const list = (items: Reportee[]) => (
    <ul className="reportee-list">
      {items.map((r) => (
        <li key={r.partyId}>
          <Choice unit={r} self={r.partyId === self?.partyId} t={t} />
          {r.subUnits.length > 0 && (
            <ul className="reportee-list reportee-subunits" aria-label={format(t.subUnitsOf, { name: r.name })}>
              {r.subUnits.map((s) => (
                <li key={s.partyId}>
                  <Choice unit={s} self={false} t={t} />
                </li>
              ))}
            </ul>
          )}
        </li>
      ))}
    </ul>
  );

  return (
    <Page title={t.title}>
      <Paragraph>{t.intro}</Paragraph>
      <ProblemAlert error={error} />
      {loading && !error ? (
        <Spinner aria-label={t.loading} data-size="md" />
      ) : reportees ? (
        <>
          <form role="search" className="narrow" onSubmit={submit}>
            <Textfield id="reportee-search" type="search" label={t.search} description={t.searchHint} value={query} onChange={(e) => setQuery(e.target.value)} autoComplete="off" />
          </form>
          <Paragraph role="status" data-size="sm">
            {shown.length === 0 ? format(t.none, { query: query.trim() }) : format(t.shown, { shown: countUnits(shown), total: countUnits(reportees) })}
          </Paragraph>
          {persons.length > 0 && (
            <section aria-labelledby="reportees-persons" className="stack">
              <Heading level={2} data-size="sm" id="reportees-persons">
                {t.persons}
              </Heading>
              {list(persons)}
            </section>
          )}
          {organizations.length > 0 ? (
            <section aria-labelledby="reportees-organizations" className="stack">
              <Heading level={2} data-size="sm" id="reportees-organizations">
                {t.organizations}
              </Heading>
              {list(organizations)}
            </section>
          ) : (
            query.trim() === '' && <Paragraph>{t.noOrganizations}</Paragraph>
          )}
        </>
      ) : null}
    </Page>
  );
}
