/* Material for MkDocs' helpers (partials/javascripts/base.html, 9.7), loaded as a file instead of an
 * inline script so the site satisfies `script-src 'self'`. Material scopes what it keeps in
 * localStorage to the site's root; inline that root is a template value, here it is read from
 * this script's own address (the site root is the folder above assets/). */
__md_scope = new URL("..", document.currentScript.src);
__md_hash = (e) => [...e].reduce((e, _) => (e << 5) - e + _.charCodeAt(0), 0);
__md_get = (e, _ = localStorage, t = __md_scope) => JSON.parse(_.getItem(t.pathname + "." + e));
__md_set = (e, _, t = localStorage, a = __md_scope) => {
  try { t.setItem(a.pathname + "." + e, JSON.stringify(_)); } catch (e) {}
};
