/**
 * Payloads that have broken forums before (stored XSS in names, titles, posts, previews).
 * Each sets `window.__xss` or opens a dialog if it ever runs; tests render them in Chromium
 * and check that neither happened.
 */
export const XSS_CORPUS = [
  `<script>window.__xss=1</script>`,
  `<img src=x onerror="window.__xss=2;alert(2)">`,
  `<svg onload="window.__xss=3"><script>window.__xss=3</script></svg>`,
  `"><script>window.__xss=4</script>`,
  `<a href="javascript:window.__xss=5">x</a>`,
  `<iframe srcdoc="<script>parent.__xss=6</script>"></iframe>`,
  `<details open ontoggle="window.__xss=7">`,
  `<math><mtext><table><mglyph><style><img src=x onerror="window.__xss=8">`,
  `javascript:window.__xss=9`,
  `<body onload="window.__xss=10">`,
  `<input autofocus onfocus="window.__xss=11">`,
  `[x](javascript:window.__xss=12)`,
  `![x](x" onerror="window.__xss=13)`,
  `<a href="data:text/html,<script>window.__xss=14</script>">y</a>`,
  `{{constructor.constructor('window.__xss=15')()}}`,
];
