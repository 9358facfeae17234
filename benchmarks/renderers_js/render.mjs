// Reads JSON lines {"text": ...} on stdin; writes one JSON line per input with the HTML of
// each renderer, configured as an app that trusts its input would: raw HTML on, no URL filter.
import { marked } from 'marked';
import { micromark } from 'micromark';
import { gfm, gfmHtml } from 'micromark-extension-gfm';
import MarkdownIt from 'markdown-it';
import showdown from 'showdown';
import readline from 'node:readline';

const mdit = new MarkdownIt({ html: true, linkify: true });
mdit.validateLink = () => true;
const sd = new showdown.Converter({ tables: true, simplifiedAutoLink: true, strikethrough: true });
const dangerous = { allowDangerousHtml: true, allowDangerousProtocol: true };
const renderers = {
  marked: (t) => marked.parse(t),
  'marked-commonmark': (t) => marked.parse(t, { gfm: false }),
  micromark: (t) => micromark(t, dangerous),
  'micromark-gfm': (t) => micromark(t, { ...dangerous, extensions: [gfm()], htmlExtensions: [gfmHtml()] }),
  'markdown-it-js': (t) => mdit.render(t),
  showdown: (t) => sd.makeHtml(t),
};
const rl = readline.createInterface({ input: process.stdin, crlfDelay: Infinity });
for await (const line of rl) {
  if (!line) continue;
  const text = JSON.parse(line).text;
  const out = {};
  for (const [name, render] of Object.entries(renderers)) {
    try { out[name] = render(text); } catch { out[name] = null; }
  }
  process.stdout.write(JSON.stringify(out) + '\n');
}
