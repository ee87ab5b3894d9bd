import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { findUnknownMacros, renderNotificationText, serviceReferences, type MacroContext, type MacroReportee } from './macros.ts';

const kari: MacroReportee = {
  kind: 'person',
  firstName: 'Kari',
  middleName: 'Mellom',
  lastName: 'Nordmann',
  name: 'Kari Mellom Nordmann',
  birthDate: '1977-11-23',
  postalAddressLines: ['Storgata 1', 'Oppgang B', 'c/o Ola'],
  postalCode: '0155',
  postalArea: 'OSLO',
  email: 'kari@example.no',
  mobile: '+4799999999',
};

const firma: MacroReportee = {
  kind: 'organization',
  name: 'Fjellbekk Regnskap AS',
  orgno: '910000001',
  // Registers may carry these for organisations too; person-only macros must still stay empty.
  firstName: 'Should',
  lastName: 'Not',
  birthDate: '2001-01-01',
  postalAddressLines: ['Postboks 7'],
  postalCode: '5003',
  postalArea: 'BERGEN',
  email: 'post@fjellbekk.example',
  mobile: '+4791111111',
};

function context(reportee: MacroReportee | undefined, extra: Partial<MacroContext> = {}): MacroContext {
  return { reportee, serviceName: 'Skattemelding', serviceNames: new Map([['5001|1', 'Mva-melding']]), ...extra };
}

const render = (template: string, reportee: MacroReportee | undefined = kari, tokens: string[] = []) =>
  renderNotificationText(template, tokens, context(reportee));

describe('renderNotificationText: macros', () => {
  it('fills every macro for a person', () => {
    const expected: Record<string, string> = {
      $reporteeFirstName$: 'Kari',
      $reporteeMiddleName$: 'Mellom',
      $reporteeLastName$: 'Nordmann',
      $reporteeName$: 'Kari Mellom Nordmann',
      $reporteeNumber$: '',
      $reporteeBirthMonth$: '11',
      $reporteeBirthDay$: '23',
      $reporteeBirthYear$: '1977',
      '$reporteeBirthDay(yyyy-mm-dd)$': '1977-11-23',
      '$reporteeBirthDay(dd/mm/yy)$': '23/11/77',
      '$reporteeBirthDay(yy/dd/mm)$': '77/23/11',
      '$reporteeBirthDay(dd.mm)$': '23.11',
      '$reporteeBirthDay(dd. mm. yyyy)$': '23. 11. 1977',
      $reporteePostalCode$: '0155',
      $reporteePostalArea$: 'OSLO',
      $reporteePostalAddress1$: 'Storgata 1',
      $reporteePostalAddress2$: 'Oppgang B',
      $reporteePostalAddress3$: 'c/o Ola',
      $reporteeEmail$: 'kari@example.no',
      $reporteeMobileNumber$: '+4799999999',
      $servicename$: 'Skattemelding',
      '$servicename|SC:5001|SEC:1$': 'Mva-melding',
    };
    for (const [macro, value] of Object.entries(expected)) {
      assert.equal(render(`<${macro}>`), `<${value}>`, macro);
    }
  });

  it('fills an organisation: its number and name, and no person-only fields', () => {
    const expected: Record<string, string> = {
      $reporteeFirstName$: '',
      $reporteeMiddleName$: '',
      $reporteeLastName$: '',
      $reporteeName$: 'Fjellbekk Regnskap AS',
      $reporteeNumber$: '910000001',
      $reporteeBirthMonth$: '',
      $reporteeBirthDay$: '',
      $reporteeBirthYear$: '',
      '$reporteeBirthDay(yyyy-mm-dd)$': '',
      $reporteePostalCode$: '5003',
      $reporteePostalArea$: 'BERGEN',
      $reporteePostalAddress1$: 'Postboks 7',
      $reporteePostalAddress2$: '',
      $reporteePostalAddress3$: '',
      $reporteeEmail$: 'post@fjellbekk.example',
      $reporteeMobileNumber$: '+4791111111',
    };
    for (const [macro, value] of Object.entries(expected)) {
      assert.equal(render(`<${macro}>`, firma), `<${value}>`, macro);
    }
  });

  it('leaves every macro empty without a reportee, service name or known referenced service', () => {
    const none: MacroContext = { reportee: undefined, serviceName: undefined, serviceNames: new Map() };
    const template = '$reporteeName$|$reporteeBirthDay(yyyy)$|$reporteePostalAddress1$|$servicename$|$servicename|SC:5001|SEC:1$';
    assert.equal(renderNotificationText(template, [], none), '||||');
  });

  it('leaves birth macros empty for a person with no or a malformed birth date', () => {
    assert.equal(render('[$reporteeBirthYear$$reporteeBirthDay(dd)$]', { ...kari, birthDate: null }), '[]');
    assert.equal(render('[$reporteeBirthYear$$reporteeBirthDay(dd)$]', { ...kari, birthDate: '23.11.1977' }), '[]');
  });

  it('keeps plain dollars as they are: amounts, $$ and unmatched $', () => {
    for (const plain of ['$5 and $6', 'US$ 100', 'costs 100$', '$$', '$ $', 'a $ b', '$reporteeName', 'reporteeName$', '$reportee Name$', '$reporteeName\n$']) {
      assert.equal(render(plain), plain, plain);
    }
    // "$$" is no escape: the second $ still opens a macro.
    assert.equal(render('$$reporteeFirstName$'), '$Kari');
    assert.equal(render('$5 and $reporteeFirstName$'), '$5 and Kari');
    assert.equal(render('$reporteeFirstName$$reporteeLastName$'), 'KariNordmann');
    assert.equal(render('$reporteeFirstName$reporteeLastName$'), 'KarireporteeLastName$');
  });

  it('leaves unknown macro-like sequences verbatim', () => {
    assert.equal(render('$reporteename$ $foo$ $reporteeBirthDay(abc)$ $reporteeFirstName$'), '$reporteename$ $foo$ $reporteeBirthDay(abc)$ Kari');
  });
});

describe('renderNotificationText: tokens', () => {
  it('fills tokens in order, reuses them and ignores extra values', () => {
    assert.equal(render('{1}, {0} and {1} again', kari, ['a', 'b', 'unused']), 'b, a and b again');
    assert.equal(render('{10}{9}', kari, ['0', '1', '2', '3', '4', '5', '6', '7', '8', '9', '10']), '109');
  });

  it('fills a missing token with nothing', () => {
    assert.equal(render('Hei {0}{1}!', kari, ['Kari']), 'Hei Kari!');
    assert.equal(render('[{99}]', kari, []), '[]');
  });

  it('keeps anything else in braces as plain text', () => {
    for (const plain of ['{ 0 }', '{x}', '{}', '{', '}', '{-1}', '{100}', '{07}', '{0', '0}']) {
      assert.equal(render(plain, kari, ['X']), plain, plain);
    }
    assert.equal(render('{{0}}', kari, ['X']), '{X}');
  });

  it('expands macros inside token values', () => {
    assert.equal(render('Til {0}', kari, ['$reporteeName$ ($reporteeBirthDay(dd.mm.yyyy)$)']), 'Til Kari Mellom Nordmann (23.11.1977)');
  });

  it('does not fill tokens found in a token value', () => {
    assert.equal(render('{0}', kari, ['{1}', 'secret']), '{1}');
  });

  it('does not scan macro values again: a name that looks like a macro or a token is copied', () => {
    const trickster: MacroReportee = { ...kari, name: '$reporteeEmail$ {0}', firstName: '$reporteeMobileNumber$' };
    assert.equal(render('$reporteeName$ $reporteeFirstName$', trickster, ['secret']), '$reporteeEmail$ {0} $reporteeMobileNumber$');
    assert.equal(render('{0}', trickster, ['$reporteeName$']), '$reporteeEmail$ {0}');
  });

  it('never assembles a macro across a token boundary', () => {
    assert.equal(render('$reportee{0}$', kari, ['Name']), '$reporteeName$');
    assert.equal(render('{0}reporteeName$', kari, ['US$']), 'US$reporteeName$');
  });

  it('returns for 100 KB of dollars and letters that never close a macro', () => {
    const shapes = [
      '$' + 'a'.repeat(100_000),
      '$a('.repeat(33_000),
      '$a|'.repeat(33_000),
      '$a(b)'.repeat(20_000),
      '$a b '.repeat(20_000),
      '{0'.repeat(50_000),
    ];
    for (const text of shapes) {
      // Some shapes do close ("$a|$", "$a(b)$"): unknown macros, copied verbatim.
      assert.equal(renderNotificationText(text, [], context(kari)), text);
      assert.ok(Array.isArray(findUnknownMacros(text)));
    }
    const many = '$reporteeFirstName$ '.repeat(5_000);
    assert.equal(render(many).length, 'Kari '.length * 5_000);
  });
});

describe('findUnknownMacros', () => {
  it('accepts every macro Tinn knows and plain dollars', () => {
    const ok = [
      '$reporteeFirstName$ $reporteeMiddleName$ $reporteeLastName$ $reporteeName$ $reporteeNumber$',
      '$reporteeBirthMonth$ $reporteeBirthDay$ $reporteeBirthYear$ $reporteeBirthDay(yyyy-mm-dd)$ $reporteeBirthDay(dd/mm/yy)$',
      '$reporteePostalCode$ $reporteePostalArea$ $reporteePostalAddress1$ $reporteePostalAddress2$ $reporteePostalAddress3$',
      '$reporteeEmail$ $reporteeMobileNumber$ $servicename$ $servicename|SC:5001|SEC:1$ $servicename|SC:Ab_-9|SEC:123456789$',
      '$5 and $6, US$ 100, $$, {0} {1}',
    ].join('\n');
    assert.deepEqual(findUnknownMacros(ok), []);
  });

  it('reports each bad macro with the index of its $', () => {
    const bad = [
      '$reporteename$',
      '$foo$',
      '$reporteeBirthDay()$',
      '$reporteeBirthDay(abc)$',
      '$reporteeBirthDay(YYYY)$',
      '$reporteeBirthDay(ddd)$',
      '$reporteeBirthDay(--)$',
      `$reporteeBirthDay(${'dd-'.repeat(10)}mm)$`,
      '$reporteeName(yyyy)$',
      '$reporteeName|SC:5001|SEC:1$',
      '$servicename(yyyy)$',
      '$servicename|SC:|SEC:1$',
      '$servicename|SC:5001|SEC:x$',
      '$servicename|SC:5001|SEC:1234567890$',
      `$servicename|SC:${'a'.repeat(21)}|SEC:1$`,
      '$servicename|SC:50 01|SEC:1$',
      '$servicename|sc:5001|sec:1$',
    ];
    const text = bad.join(' and ');
    const problems = findUnknownMacros(text);
    assert.deepEqual(
      problems.map((p) => p.macro),
      bad,
    );
    let index = 0;
    for (const [i, macro] of bad.entries()) {
      assert.equal(problems[i]!.index, index, macro);
      assert.equal(text[index], '$');
      assert.ok(problems[i]!.message.length > 0);
      index += macro.length + ' and '.length;
    }
  });

  it('accepts a 30-character format and refuses a 31-character one', () => {
    const thirty = 'yyyy-mm-dd'.repeat(3);
    assert.deepEqual(findUnknownMacros(`$reporteeBirthDay(${thirty})$`), []);
    assert.equal(findUnknownMacros(`$reporteeBirthDay(${thirty}.)$`).length, 1);
  });
});

describe('serviceReferences', () => {
  it('lists each referenced service once across texts and ignores bad references', () => {
    const refs = serviceReferences([
      'Frist for $servicename|SC:5001|SEC:1$ og $servicename|SC:5001|SEC:2$',
      '$servicename|SC:5001|SEC:1$ $servicename|SC:RF-0002|SEC:01$ $servicename$ $servicename|SC:|SEC:1$',
      '{0} $servicename|SC:RF-0002|SEC:1$',
    ]);
    assert.deepEqual(refs, [
      { serviceCode: '5001', serviceEditionCode: 1 },
      { serviceCode: '5001', serviceEditionCode: 2 },
      { serviceCode: 'RF-0002', serviceEditionCode: 1 },
    ]);
  });

  it('finds nothing in texts without references', () => {
    assert.deepEqual(serviceReferences(['$servicename$', '', 'US$ 5']), []);
  });
});
