/** A small History-API router: `route.path` is reactive; `navigate()` pushes a new entry. */
export const route = $state({ path: location.pathname, query: new URLSearchParams(location.search) });

function sync() {
  route.path = location.pathname;
  route.query = new URLSearchParams(location.search);
}

addEventListener('popstate', sync);

export function navigate(to: string, replace = false): void {
  if (replace) history.replaceState(null, '', to);
  else history.pushState(null, '', to);
  sync();
  // move focus to the new page for keyboard and screen-reader users
  queueMicrotask(() => document.getElementById('main')?.focus());
}

/** Navigates in the app for a plain left click on a link to one of its own paths. */
function follow(e: MouseEvent, a: HTMLAnchorElement | null) {
  if (!a || e.defaultPrevented || e.button !== 0 || e.metaKey || e.ctrlKey || e.shiftKey || e.altKey) return;
  const href = a.getAttribute('href');
  if (!href || !href.startsWith('/') || href.startsWith('//')) return;
  e.preventDefault();
  navigate(href);
}

/** `use:link` on an <a href>: client-side navigation, still a real link (middle-click, copy). */
export function link(node: HTMLAnchorElement) {
  const onClick = (e: MouseEvent) => follow(e, node);
  node.addEventListener('click', onClick);
  return { destroy: () => node.removeEventListener('click', onClick) };
}

/** `use:links` on HTML the app did not render itself (a post): its links to app paths navigate in the app. */
export function links(node: HTMLElement) {
  const onClick = (e: MouseEvent) => follow(e, e.target instanceof Element ? e.target.closest('a') : null);
  node.addEventListener('click', onClick);
  return { destroy: () => node.removeEventListener('click', onClick) };
}

/** Matches `/brands/:slug` style patterns; returns the params or null. */
export function match(pattern: string, path: string): Record<string, string> | null {
  const p = pattern.split('/').filter(Boolean);
  const s = path.split('/').filter(Boolean);
  if (p.length !== s.length) return null;
  const params: Record<string, string> = {};
  for (let i = 0; i < p.length; i++) {
    if (p[i].startsWith(':')) params[p[i].slice(1)] = decodeURIComponent(s[i]);
    else if (p[i] !== s[i]) return null;
  }
  return params;
}
