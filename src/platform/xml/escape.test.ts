import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { escapeXml } from './escape.ts';
import { parseXmlTree } from './tree.ts';

describe('escapeXml', () => {
  it('writes markup characters as entities and what XML cannot carry as U+FFFD, so the result always parses back', () => {
    const value = `a<b>&"' \u0001 \uD800 æøå 😀`;
    const escaped = escapeXml(value);
    assert.equal(escaped, 'a&lt;b&gt;&amp;&quot;&apos; \uFFFD \uFFFD æøå 😀');
    const node = parseXmlTree(`<x a="${escapeXml(value)}">${escaped}</x>`);
    assert.equal(node.text, 'a<b>&"\' \uFFFD \uFFFD æøå 😀');
    assert.equal(node.attributes.a, node.text);
  });
});
