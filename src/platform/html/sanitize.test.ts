import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { defaultTreeAdapter, html as spec, parseFragment, type DefaultTreeAdapterTypes } from 'parse5';
import { htmlToText, sanitizeHtml } from './index.ts';

const LINK = 'rel="noopener noreferrer nofollow" target="_blank"';

/** [what it shows, input, exact html, exact removed list] */
const VECTORS: [string, string, string, string[]][] = [
  ['script element', '<p>Hei <script>alert(1)</script>verden</p>', '<p>Hei verden</p>', ['script']],
  ['external script', '<p>a</p><script src=//evil.example/x.js></script>', '<p>a</p>', ['script']],
  ['img onerror', '<img src=x onerror=alert(1)>tekst', 'tekst', ['img']],
  ['IMG javascript src', `<IMG SRC="javascript:alert('XSS');">`, '', ['img']],
  ['javascript: link', '<a href="javascript:alert(1)">klikk</a>', 'klikk', ['href=javascript:']],
  ['tab inside the scheme', '<a href=" jav&#x09;ascript:alert(1)">klikk</a>', 'klikk', ['href=javascript:']],
  ['newline inside the scheme', '<a href="java\nscript:alert(1)">klikk</a>', 'klikk', ['href=javascript:']],
  ['leading control character', '<a href="\u0001javascript:alert(1)">klikk</a>', 'klikk', ['href=javascript:']],
  ['mixed case scheme', '<a href="JaVaScRiPt:alert(1)">klikk</a>', 'klikk', ['href=javascript:']],
  ['data: link', '<a href="data:text/html,<script>alert(1)</script>">klikk</a>', 'klikk', ['href=data:']],
  ['vbscript: link', '<a href="vbscript:msgbox(1)">klikk</a>', 'klikk', ['href=vbscript:']],
  ['svg onload', '<svg onload=alert(1)><circle r=1></circle></svg>ok', 'ok', ['svg']],
  ['svg style img', '<svg><style><img src=x onerror=alert(1)></style></svg>', '', ['svg', 'img']],
  ['math mutation XSS', '<math><mtext><table><mglyph><style><img src=x onerror=alert(1)>', '', ['math']],
  ['math style breakout', '<math><style><img src=x onerror=alert(1)></style></math>', '', ['math', 'img']],
  ['form/math mutation XSS', '<form><math><mtext></form><form><mglyph><style></math><img src onerror=alert(1)>', '', ['form']],
  ['noscript title breakout', '<noscript><p title="</noscript><img src=x onerror=alert(1)>">', '"&gt;', ['noscript', 'img']],
  ['style @import', '<style>@import url(http://evil.example/x.css);</style><p>a</p>', '<p>a</p>', ['style']],
  ['style attribute url()', '<div style="background:url(http://evil.example/x)">a</div>', '<div>a</div>', ['style']],
  ['background attribute', '<p background="http://evil.example/x">a</p>', '<p>a</p>', ['background']],
  [
    'table background',
    '<table background="http://evil.example/x"><tr><td>a</td></tr></table>',
    '<table><tbody><tr><td>a</td></tr></tbody></table>',
    ['background'],
  ],
  ['unclosed tags', '<p>åpen <b>fet <i>kursiv', '<p>åpen <b>fet <i>kursiv</i></b></p>', []],
  ['<<script>script>', '<<script>script>alert(1)<</script>/script>', '&lt;/script&gt;', ['script']],
  ['comment hiding a script', '<!-- <script>alert(1)</script> -->synlig', 'synlig', ['comment']],
  ['CDATA is text', '<p><![CDATA[ x < y ]]></p>', '<p> x &lt; y </p>', []],
  ['CDATA cut at its first >', '<![CDATA[ <script>alert(1)</script> ]]>', ' &lt;scriptalert(1) ]]&gt;', []],
  ['CDATA directly in a table is no text', '<table><![CDATA[x]]><tr><td>a</td></tr></table>', '<table><tbody><tr><td>a</td></tr></tbody></table>', ['comment']],
  ['entities stay text', '&lt;script&gt;alert(1)&lt;/script&gt;', '&lt;script&gt;alert(1)&lt;/script&gt;', []],
  ['entities decoded and re-escaped', '<div>&nbsp;&amp;&lt;&gt;&quot;&#39;&aelig;</div>', '<div>\u00a0&amp;&lt;&gt;"\'æ</div>', []],
  ['Norwegian text', '<p>Blåbærsyltetøy, Ærlig, Øst, Åsen</p>', '<p>Blåbærsyltetøy, Ærlig, Øst, Åsen</p>', []],
  [
    'nested lists',
    '<ul><li>a<ul><li>b</li></ul></li></ul><ol start="3"><li>c</li></ol><dl><dt>t</dt><dd>d</dd></dl>',
    '<ul><li>a<ul><li>b</li></ul></li></ul><ol start="3"><li>c</li></ol><dl><dt>t</dt><dd>d</dd></dl>',
    [],
  ],
  [
    'nested tables',
    '<table><caption>c</caption><thead><tr><th>h</th></tr></thead><tbody><tr><td><table><tr><td>inner</td></tr></table></td></tr></tbody><tfoot><tr><td>f</td></tr></tfoot></table>',
    '<table><caption>c</caption><thead><tr><th>h</th></tr></thead><tbody><tr><td><table><tbody><tr><td>inner</td></tr></tbody></table></td></tr></tbody><tfoot><tr><td>f</td></tr></tfoot></table>',
    [],
  ],
  [
    'https link kept, own rel/target replaced',
    '<a href="https://altinn.no" target="_self" rel="opener" title="Altinn">Altinn</a>',
    `<a href="https://altinn.no" title="Altinn" ${LINK}>Altinn</a>`,
    [],
  ],
  ['mailto link kept', '<a href="mailto:post@example.no">Skriv</a>', `<a href="mailto:post@example.no" ${LINK}>Skriv</a>`, []],
  ['http link with entities', '<a href="http&#58;//x.no?a=1&amp;b=&quot;2&quot;">x</a>', `<a href="http://x.no?a=1&amp;b=&quot;2&quot;" ${LINK}>x</a>`, []],
  ['scheme read as a URL parser does', '<a href=" HTTPS:\t//x.no ">x</a>', `<a href="https://x.no" ${LINK}>x</a>`, []],
  ['link attributes', '<a href="https://x.no" onmouseover="alert(1)" style="color:red">x</a>', `<a href="https://x.no" ${LINK}>x</a>`, ['onmouseover', 'style']],
  ['relative links have no base', '<a href="//evil.example/x">a</a><a href="/relativ">b</a><a href="#top">c</a><a href="x:y/z">d</a>', 'abcd', ['href=relative', 'href=x:']],
  ['nested links', '<a href="https://a.no">1<table><a href="https://b.no">2</a></table></a>', `<a href="https://a.no" ${LINK}>12<table></table></a>`, ['a']],
  ['form and controls', '<form action="https://evil.example"><input name=q><button>Send</button></form>etter', 'etter', ['form']],
  ['loose controls', '<input formaction=x><textarea><script>alert(1)</script></textarea><select><option>x</select><button>b</button>', '', ['input', 'textarea', 'select', 'button']],
  ['frames and plugins', '<iframe src="https://evil.example"></iframe><object data=x>fallback</object><embed src=x>', '', ['iframe', 'object', 'embed']],
  ['media', '<video src=x><source src=y></video><audio src=z></audio><picture><source srcset=a><img srcset=b></picture><canvas>c</canvas>', '', ['video', 'audio', 'picture', 'canvas']],
  ['document metadata', '<link rel=stylesheet href=x><meta http-equiv=refresh content="0;url=x"><base href="https://evil.example/"><title>t</title>', '', ['link', 'meta', 'base', 'title']],
  ['template', '<template><script>alert(1)</script></template>ok', 'ok', ['template']],
  ['presentational and custom elements are unwrapped', '<font color=red>rød</font> <center>midt</center> <custom-el foo=bar>egen</custom-el>', 'rød midt egen', ['font', 'center', 'custom-el']],
  ['raw text element unwrapped into escaped text', '<xmp><script>alert(1)</script></xmp>', '&lt;script&gt;alert(1)&lt;/script&gt;', ['xmp']],
  ['generic attributes', '<p onclick="alert(1)" class="x" id="y" data-x="1" title="t" xmlns="x">a</p>', '<p>a</p>', ['onclick', 'class', 'id', 'data-x', 'title', 'xmlns']],
  [
    'table cell spans',
    '<table><tr><td colspan="2" rowspan=" 3 ">a</td><th colspan="x" rowspan="1000">b</th></tr></table>',
    '<table><tbody><tr><td colspan="2" rowspan="3">a</td><th>b</th></tr></tbody></table>',
    ['colspan', 'rowspan'],
  ],
  ['ol start digits only', '<ol start="-1"><li>b</li></ol>', '<ol><li>b</li></ol>', ['start']],
  ['abbr title escaped', '<abbr title="&quot;><script>alert(1)</script>">x</abbr>', '<abbr title="&quot;&gt;&lt;script&gt;alert(1)&lt;/script&gt;">x</abbr>', []],
  ['void elements', '<br/><hr class=x><br></br>', '<br><hr><br><br>', ['class']],
  ['pre keeps a leading newline across parses', '<pre>\n\n  kode\n</pre>', '<pre>\n\n  kode\n</pre>', []],
  ['block in paragraph, as a browser builds it', '<div><p>a<div>b</div></p></div>', '<div><p>a</p><div>b</div><p></p></div>', []],
  ['doctype and processing instruction', '<?xml version="1.0"?><!DOCTYPE html><p>x</p>', '<p>x</p>', ['comment']],
  ['whole document pasted', '<html><head><style>p{}</style></head><body onload="x()"><p>x</p></body></html>', '<p>x</p>', ['style']],
  ['NUL characters', 'a\u0000b', 'ab', []],
];

/** An independent check of the output: parsed again, only allow-listed elements, attributes and link schemes remain. */
const ALLOWED: Record<string, string[]> = Object.fromEntries(
  'p br hr b strong i em u s small sub sup mark span div blockquote pre code h1 h2 h3 h4 h5 h6 ul ol li dl dt dd table caption thead tbody tfoot tr th td abbr'
    .split(' ')
    .map((tag) => [tag, tag === 'abbr' ? ['title'] : tag === 'td' || tag === 'th' ? ['colspan', 'rowspan'] : tag === 'ol' ? ['start'] : []])
    .concat([['a', ['href', 'title', 'rel', 'target']]]),
);

function assertSafe(html: string, label: string): void {
  const lower = html.toLowerCase();
  for (const bad of ['<script', 'onerror', 'javascript:', '<img', 'style=']) {
    assert.ok(!lower.includes(bad), `${label}: output contains ${bad}: ${html}`);
  }
  assertAllowListed(html, label);
  assert.equal(sanitizeHtml(html).html, html, `${label}: not idempotent`);
}

function assertAllowListed(html: string, label: string): void {
  const context = defaultTreeAdapter.createElement('div', spec.NS.HTML, []);
  const stack: DefaultTreeAdapterTypes.ChildNode[] = [...parseFragment(context, html, {}).childNodes];
  while (stack.length > 0) {
    const node = stack.pop()!;
    if (node.nodeName === '#comment') assert.fail(`${label}: comment in output`);
    if (!('tagName' in node)) continue;
    const allowed = ALLOWED[node.tagName];
    assert.ok(allowed && node.namespaceURI === spec.NS.HTML, `${label}: <${node.tagName}> in output`);
    for (const { name, value } of node.attrs) {
      assert.ok(allowed.includes(name), `${label}: ${name} on <${node.tagName}>`);
      if (name === 'href') assert.match(value, /^(https?|mailto):/, label);
    }
    stack.push(...node.childNodes);
  }
}

describe('sanitizeHtml', () => {
  for (const [label, input, html, removed] of VECTORS) {
    it(label, () => {
      const result = sanitizeHtml(input);
      assert.equal(result.html, html);
      assert.deepEqual(result.removed, removed);
      assertSafe(result.html, label);
    });
  }

  it('reports each kind of removal once, in the order found', () => {
    const result = sanitizeHtml(
      '<script>1</script><img src=x><p onclick="x" style="y">a</p><script>2</script><a href="javascript:x" onclick="y">b</a><img src=y>',
    );
    assert.deepEqual(result.removed, ['script', 'img', 'onclick', 'style', 'href=javascript:']);
    assert.equal(result.html, '<p>a</p>b');
  });

  it('walks 50,000 nested divs and 100,000 nested elements without recursion', () => {
    const depth = 50_000;
    const result = sanitizeHtml('<div>'.repeat(depth) + 'x');
    assert.equal(result.html, '<div>'.repeat(depth) + 'x' + '</div>'.repeat(depth));
    assert.equal(sanitizeHtml(result.html).html, result.html);
    assert.deepEqual(sanitizeHtml('<font><span>'.repeat(depth)), { html: '<span>'.repeat(depth) + '</span>'.repeat(depth), removed: ['font'] });
    // Indentation stops growing after eight levels, or the text would grow with the square of the depth.
    assert.equal(htmlToText('<ul><li>'.repeat(depth) + 'x'), ' '.repeat(16) + '- x');
  });

  it('never throws, and keeps only allow-listed markup in any tag soup (seeded)', () => {
    const pieces = [
      '<p>', '<div>', '<b>', '<i>', '<a href="https://x.no">', '<a href="javascript:x">', '<a>', '<table>', '<tr>', '<td>',
      '<caption>', '<li>', '<ul>', '<dl>', '<dd>', '<pre>', '<h1>', '<span>', '<marquee>', '<font>', '<object>', '<select>',
      '<option>', '<svg>', '<math>', '<mtext>', '<mglyph>', '<style>', '<script>', '<noscript>', '<template>', '<textarea>',
      '<xmp>', '<plaintext>', '<button>', '<form>', '<input>', '<img src=x onerror=y>', '<hr>', '<br>', '<frameset>', '<body>',
      '<colgroup>', '<foreignObject>', '<annotation-xml encoding="text/html">', '<image>', '<iframe>', '<listing>', '<nobr>',
      '</p>', '</b>', '</a>', '</table>', '</td>', '</svg>', '</math>', '</style>', '</select>', '</template>', '</form>',
      'x', ' ', '\n', '&amp;', '&lt;', '<', '>', '"', '<!--c-->', '<![CDATA[z]]>', '<?x?>', '\u0000', 'æøå',
    ];
    let seed = 20_240_601;
    const next = () => (seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31);
    for (let n = 0; n < 3000; n++) {
      let input = '';
      for (let k = 1 + (next() % 30); k > 0; k--) input += pieces[next() % pieces.length];
      const { html } = sanitizeHtml(input);
      assertAllowListed(html, input);
      assert.equal(sanitizeHtml(html).html, html, `not idempotent: ${JSON.stringify(input)}`);
      htmlToText(input);
    }
  });

  it('takes anything a caller from plain JavaScript may pass', () => {
    assert.deepEqual(sanitizeHtml(''), { html: '', removed: [] });
    assert.deepEqual(sanitizeHtml(undefined as unknown as string), { html: '', removed: [] });
    assert.equal(sanitizeHtml(42 as unknown as string).html, '42');
    assert.equal(htmlToText(null as unknown as string), '');
  });
});

describe('htmlToText', () => {
  it('gives headings and paragraphs a blank line, br a line break, and collapses whitespace', () => {
    assert.equal(
      htmlToText('<h1>Vedtak</h1><p>Hei  Ola,\n  du har fått <b>svar</b>.</p><p>Linje 1<br>Linje 2<br></p><p>a<br><br>b</p>'),
      'Vedtak\n\nHei Ola, du har fått svar.\n\nLinje 1\nLinje 2\n\na\n\nb',
    );
    assert.equal(htmlToText('<div>a</div><div>b</div>c<span>d</span> e'), 'a\nb\ncd e');
  });

  it('marks list items and indents nested lists', () => {
    assert.equal(
      htmlToText('<ul><li>Én</li><li>To<ul><li>To a</li><li>To b<br>fortsatt</li></ul></li></ul><ol start="3"><li>Tre</li><li>Fire</li></ol>'),
      '- Én\n- To\n  - To a\n  - To b\n    fortsatt\n\n3. Tre\n4. Fire',
    );
    assert.equal(htmlToText('<dl><dt>Term</dt><dd>Forklaring</dd></dl>'), 'Term\n  Forklaring');
  });

  it('puts a table row on a line with cells apart', () => {
    assert.equal(
      htmlToText('<p>Før</p><table><caption>Frister</caption><tr><th>Skjema</th><th>Frist</th></tr><tr><td>RF-0002</td><td>15. mars</td></tr><tr><td></td><td>x</td></tr></table>etter'),
      'Før\n\nFrister\nSkjema | Frist\nRF-0002 | 15. mars\n| x\n\netter',
    );
  });

  it('decodes entities and keeps pre as written', () => {
    assert.equal(htmlToText('&lt;script&gt; &amp; &aelig;&oslash;&aring;&nbsp;x'), '<script> & æøå x');
    assert.equal(htmlToText('<pre>  a\n    b\n</pre><p>etter</p>'), '  a\n    b\n\netter');
  });

  it('shows safe link addresses that the text does not, and nothing of scripts, styles or comments', () => {
    assert.equal(
      htmlToText('<p>Se <a href="https://altinn.no">Altinn</a> eller <a href="https://altinn.no">https://altinn.no</a>, skriv til <a href="mailto:post@nav.no">post@nav.no</a> <a href="javascript:x">ikke</a></p>'),
      'Se Altinn (https://altinn.no) eller https://altinn.no, skriv til post@nav.no ikke',
    );
    assert.equal(htmlToText('<script>alert(1)</script><style>p{}</style><p>synlig</p><!-- skjult --><title>t</title>'), 'synlig');
  });
});
