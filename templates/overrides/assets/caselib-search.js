/* 社区案例库 search: the header box on every page and the 案例检索 page, both on Pagefind.
 *
 * Everything is loaded from the site itself, relative to this script, so the site works
 * offline and under a sub-path. Text from cases is put in the page with textContent;
 * only Pagefind's excerpts (HTML-escaped by Pagefind, with <mark>) use innerHTML.
 */
(() => {
  "use strict";
  const ASSETS = new URL(".", document.currentScript.src);
  const ROOT = new URL("../", ASSETS);
  const PAGE_SIZE = 20;

  // --- Pagefind, and queries cut into the index's own words --------------------------

  let pagefindLoad;
  function pagefind() {
    pagefindLoad ??= (async () => {
      const pf = await import(new URL("pagefind/pagefind.js", ROOT).href);
      // noWorker: Pagefind 1.5 otherwise fetches a second copy of its script (40 KB) to run in a
      // web worker; our queries are a few words against small chunks, the page thread does them.
      await pf.options({ baseUrl: ROOT.pathname, excerptLength: 40, noWorker: true });
      // Pagefind takes the query language from <html lang> while it starts, and for zh it
      // re-cuts every query with the browser's segmenter, which disagrees with the index.
      // Our queries arrive already cut into index words (see generator/search.py), so
      // Pagefind starts under a neutral language and the page gets its own back at once.
      const html = document.documentElement, lang = html.getAttribute("lang");
      html.setAttribute("lang", "und");
      try {
        await pf.init();   // reads <html lang> synchronously, before its first await
      } finally {
        if (lang === null) html.removeAttribute("lang"); else html.setAttribute("lang", lang);
      }
      return pf;
    })();
    return pagefindLoad;
  }

  const CJK = /[\u3400-\u9fff\uf900-\ufaff]/;
  const SHARDS = 256;
  // Every record ends with this word (search.py EVERY): a search for it lists all cases, and it
  // costs one small index chunk where a search with no word fetched them all.
  const EVERY = "caselibeverycase";
  const shardLoads = new Map();
  /** One dictionary shard (search/words/N.txt): the library's words starting with characters of
   *  this code point mod 256, and lines "繁=简" for Traditional characters in it. */
  function shard(char) {
    const n = char.codePointAt(0) % SHARDS;
    if (!shardLoads.has(n)) {
      shardLoads.set(n, fetch(new URL(`search/words/${n}.txt`, ROOT))
        .then((r) => (r.ok ? r.text() : ""))
        .then((text) => {
          const words = new Set(), starts = new Set(), simple = new Map();
          for (const line of text.split("\n")) {
            if (line.length === 3 && line[1] === "=") simple.set(line[0], line[2]);
            else if (line) {
              words.add(line);
              for (let k = 2; k < line.length; k++) starts.add(line.slice(0, k));
            }
          }
          return { words, starts, simple };
        })
        .catch(() => ({ words: new Set(), starts: new Set(), simple: new Map() })));
    }
    return shardLoads.get(n);
  }

  /** NFKC, Traditional → Simplified, lower case: what the index was made of (search.py normalise). */
  async function normalise(text) {
    const q = (text || "").normalize("NFKC").replace(/\s+/g, " ").trim().toLowerCase();
    const chars = Array.from(q);
    const shards = await Promise.all(chars.map((c) => (CJK.test(c) ? shard(c) : null)));
    return chars.map((c, i) => (shards[i] && shards[i].simple.get(c)) || c).join("");
  }

  /** The words of a normalised query, split at spaces and punctuation, then runs with Chinese in
   *  them by longest match against the library's own words (letters and digits with no word
   *  stay together). Returns "加装 电梯" for 加装电梯, "531打分法" whole: the index keeps that name. */
  async function cut(q) {
    const words = [];
    for (const run of q.match(/[\p{L}\p{N}_]+/gu) || []) {
      if (!CJK.test(run)) { words.push(run); continue; }
      const chars = Array.from(run);
      const known = await Promise.all(chars.map((c) => shard(c)));
      const longest = (i, set) => {
        let len = Math.min(20, chars.length - i);   // the longest names kept whole (卡片归类与531打分法)
        while (len > 1 && !set.has(chars.slice(i, i + len).join(""))) len--;
        return len;
      };
      for (let i = 0; i < chars.length;) {
        // A library word, else the start of one (和平 of 和平路社区: Pagefind matches word starts).
        let len = longest(i, known[i].words);
        if (len === 1) len = longest(i, known[i].starts);
        if (len === 1 && !CJK.test(chars[i])) while (i + len < chars.length && !CJK.test(chars[i + len])) len++;
        words.push(chars.slice(i, i + len).join(""));
        i += len;
      }
    }
    return words;
  }

  // Words nearly every case has: searching them narrows nothing but fetches the index's largest
  // chunks (的 alone is 190 KB at 10,000 cases), so a query drops them when it has other words.
  const FILLER = new Set(["的", "了", "在", "和", "是", "与", "及", "把", "被", "也", "都", "就", "着", "过", "之", "而", "或", "并", "我"]);

  // Words of a question that narrow nothing (老人不愿意参加活动怎么办): dropped when others are left.
  const QUESTION = new Set(["怎么办", "怎么", "如何", "怎样", "什么", "为什么", "哪些", "吗", "呢", "吧", "啊",
    "不", "没", "没有", "总是", "一下", "一些", "有", "要", "能", "会", "让", "给", "对", "很", "太", "还", "又"]);

  let synonymsLoad;
  const synonymGroups = () => (synonymsLoad ??= fetch(new URL("search-synonyms.json", ASSETS))
    .then((r) => r.json()).catch(() => []));

  /** What a typed query searches for: its concepts, each a list of words that all stand for it (the
   *  word typed first, then its synonyms from the library's thesaurus unless `exact`). The query is
   *  normalised, aliases replaced by their terms, cut into the library's words; words that together
   *  make a thesaurus word (电瓶 车 → 电瓶车) are joined. */
  async function queryConcepts(text, exact) {
    const words = await cut(await canonical(await normalise(text)));
    const groups = exact ? [] : await synonymGroups();
    const member = new Map();
    for (const g of groups) for (const w of g) member.set(w, g);
    const concepts = [];
    for (let i = 0; i < words.length;) {
      let n = Math.min(4, words.length - i);
      while (n > 0 && !member.has(words.slice(i, i + n).join(""))) n--;
      const word = n ? words.slice(i, i + n).join("") : words[i];
      concepts.push([word, ...await inLibrary((member.get(word) || []).filter((w) => w !== word))]);
      i += Math.max(n, 1);
    }
    const telling = concepts.filter(([w]) => !FILLER.has(w) && !QUESTION.has(w));
    const long = telling.filter((c) => Array.from(c[0]).length > 1 || c.length > 1);
    return long.length ? long : telling.length ? telling : concepts;
  }

  /** The synonyms the library's own words hold (or start with): each other one would cost an index
   *  chunk and find nothing. */
  async function inLibrary(words) {
    const known = await Promise.all(words.map((w) => shard(Array.from(w)[0])));
    return words.filter((w, i) => known[i].words.has(w) || known[i].starts.has(w));
  }

  /** Cases for the query's concepts, ranked by evidence: those with every concept first, then those
   *  with most; within that, by Pagefind's score for each concept (its best word), each score taken
   *  relative to that word's best case. Never empty while some word matches. Returns { results (each
   *  with .matched: the words it has), total concepts, used: the typed words the first result has,
   *  also: the synonyms that found something }. No concept: every case. */
  async function find(pf, concepts, options) {
    if (!concepts.length) return { results: (await pf.search(EVERY, options)).results, concepts: 0, used: [], also: [] };
    const searched = await Promise.all(concepts.map((alternatives) => Promise.all(alternatives.map(
      async (word) => [word, await pf.search((await cut(word)).join(" "), options)]))));
    const pages = new Map(), also = new Set();
    searched.forEach((alternatives, c) => {
      const best = new Map();
      for (const [word, found] of alternatives) {
        if (!found.results.length) continue;
        if (word !== concepts[c][0]) also.add(word);
        const top = found.results[0].score || 1;
        for (const r of found.results) {
          const score = r.score / top, had = best.get(r.id);
          if (!had || score > had.score) best.set(r.id, { score, r, word, concept: c });
        }
      }
      for (const [id, hit] of best) {
        const page = pages.get(id) || { r: hit.r, covered: 0, score: 0, matched: [], concepts: [] };
        page.covered++; page.score += hit.score; page.matched.push(hit.word); page.concepts.push(hit.concept);
        pages.set(id, page);
      }
    });
    const ranked = [...pages.values()].sort((a, b) => b.covered - a.covered || b.score - a.score);
    const results = ranked.map((p) => Object.assign(p.r, { matched: p.matched, covered: p.covered }));
    const used = ranked.length ? ranked[0].concepts.map((c) => concepts[c][0]) : [];
    return { results, concepts: concepts.length, used, also: [...also] };
  }

  /** Pagefind's excerpt is of the segmented text: close the gaps next to Chinese characters. */
  const GAP = /(?<=[\u3000-\u303f\u3400-\u9fff\uff00-\uffef\u2014\u2018-\u201d\u2026](?:<\/?mark>)*)\s+|\s+(?=(?:<\/?mark>)*[\u3000-\u303f\u3400-\u9fff\uff00-\uffef\u2014\u2018-\u201d\u2026])/g;

  let termsLoad;
  const vocabulary = () => (termsLoad ??= fetch(new URL("search-terms.json", ASSETS)).then((r) => r.json()).catch(() => []));

  /** A query word that is an alias of a term (开放空间技术, 531打分) searches as the term's name,
   *  which every case tagged with it contains. */
  async function canonical(q) {
    const names = new Map();
    for (const t of await vocabulary()) for (const a of t.aliases) names.set(a.toLowerCase(), t.label);
    return q.split(" ").map((w) => names.get(w) || w).join(" ");
  }

  /** Vocabulary terms whose name or alias matches the query, for the header's suggestions. */
  async function matchingTerms(q, limit) {
    const terms = await vocabulary(), key = q.toLowerCase();
    if (key.length < 2 && !/[\u3400-\u9fff]/.test(key)) return [];
    const score = (t) => {
      const names = [t.label, ...t.aliases].map((n) => n.toLowerCase());
      if (names.includes(key)) return 3;
      if (names.some((n) => n.includes(key))) return 2;
      return names.some((n) => n.length > 1 && key.includes(n)) ? 1 : 0;
    };
    return terms.map((t) => [score(t), t]).filter(([s]) => s > 0)
      .sort((a, b) => b[0] - a[0] || b[1].count - a[1].count).slice(0, limit).map(([, t]) => t);
  }

  function el(tag, attrs = {}, ...children) {
    const node = document.createElement(tag);
    for (const [k, v] of Object.entries(attrs)) node.setAttribute(k, v);
    node.append(...children.filter((c) => c !== null && c !== undefined));
    return node;
  }

  /** The index follows a name it keeps whole with its parts, 居民公约 ⁅ 居民 公约 ⁆ (search.py
   *  join_names). An excerpt shows the name once, marked when a part matched; a bracket the
   *  excerpt cut through is dropped too. */
  const withoutParts = (html) => html
    .replace(/(\S+)\s*⁅([^⁆]*)⁆/g, (_, name, parts) => (parts.includes("<mark>") && !name.includes("<mark>") ? `<mark>${name}</mark>` : name))
    .replace(/⁅[^⁆]*⁆|^[^⁅]*⁆|⁅[^⁆]*$/g, "");

  // The index's text went through NFKC, which turns full-width ，：？ into ASCII: next to Chinese
  // they are turned back, and no space is left before a closing mark or after an opening one.
  const FULL = { ",": "，", ";": "；", ":": "：", "?": "？", "!": "！", "(": "（", ")": "）" };
  const HALF = /(?<=[\u3400-\u9fff](?:<\/?mark>)*)[,;:?!()]|[,;:?!()](?=(?:<\/?mark>)*[\u3400-\u9fff])/g;
  const TIGHT = /\s+(?=[,.;:?!)，。、；：？！）》”])|(?<=[(（《“])\s+/g;

  /** A record ends with its places and tags between ⸢ ⸣ (search.py record): they find the case
   *  but read as a run of words, so an excerpt never shows them. */
  const withoutTags = (html) => html.replace(/⸢[^⸣]*(⸣|$)|^[^⸢]*⸣/g, "");

  /** The excerpt of a result, or null when the query matched only its tags and places. */
  function excerpt(html) {
    // Pagefind escapes the text and adds only <mark>
    const text = withoutTags(withoutParts(html)).replace(EVERY, "");
    if (!text.replace(/<[^>]*>/g, "").trim()) return null;
    const p = el("span", { class: "cl-item__excerpt" });
    p.innerHTML = text.replace(GAP, "").replace(TIGHT, "").replace(HALF, (c) => FULL[c]);
    return p;
  }

  /** Meta values are stored HTML-escaped in the index; this gives their plain text. */
  const plain = (value) => new DOMParser().parseFromString(value || "", "text/html").documentElement.textContent;

  function caseMeta(data) {
    return [data.meta.kind, data.meta.date, data.meta.community].filter(Boolean).map(plain).join(" · ");
  }

  const searchPage = (params) => new URL("search/" + (params ? "?" + params : ""), ROOT).href;

  // --- the header box --------------------------------------------------------------

  function headerBox(form) {
    const input = form.querySelector(".cl-search__input");
    const panel = form.querySelector(".cl-search__panel");
    let seq = 0, timer = 0, active = -1;

    const options = () => Array.from(panel.querySelectorAll("[role=option]"));
    const hide = () => { panel.hidden = true; input.setAttribute("aria-expanded", "false"); active = -1; };
    const show = () => { panel.hidden = false; input.setAttribute("aria-expanded", "true"); };
    const highlight = (i) => {
      const opts = options();
      active = opts.length ? (i + opts.length) % opts.length : -1;
      opts.forEach((o, j) => o.setAttribute("aria-selected", String(j === active)));
      if (active >= 0) opts[active].scrollIntoView({ block: "nearest" });
    };

    form.querySelector(".cl-search__open").addEventListener("click", (e) => {
      e.preventDefault();
      form.classList.add("cl-search--open");
      input.focus();
    });
    form.querySelector(".cl-search__close").addEventListener("click", () => {
      form.classList.remove("cl-search--open");
      hide();
    });
    input.addEventListener("focus", () => { pagefind().catch(() => {}); }, { once: true });
    input.addEventListener("input", () => { clearTimeout(timer); timer = setTimeout(update, 120); });
    input.addEventListener("keydown", (e) => {
      if (e.key === "ArrowDown" || e.key === "ArrowUp") {
        e.preventDefault();
        if (panel.hidden) return;
        highlight(active + (e.key === "ArrowDown" ? 1 : -1));
      } else if (e.key === "Escape") {
        hide();
      }
    });
    form.addEventListener("submit", (e) => {
      e.preventDefault();
      const chosen = options()[active];
      location.href = chosen ? chosen.href : searchPage(new URLSearchParams({ q: input.value.trim() }));
    });
    document.addEventListener("click", (e) => { if (!form.contains(e.target)) hide(); });

    async function update() {
      const mine = ++seq, raw = input.value;
      if (!raw.trim()) return hide();
      let terms, found, cases;
      try {
        const pf = await pagefind();
        [terms, found] = await Promise.all([normalise(raw).then((q) => matchingTerms(q, 3)),
          // the typed words only: the box answers at each keystroke, within a small download
          queryConcepts(raw, true).then((concepts) => find(pf, concepts, {}))]);
        cases = await Promise.all(found.results.slice(0, 6).map((r) => r.data()));
      } catch (err) {
        if (mine === seq) render(raw, [], [], 0, true);
        return;
      }
      if (mine === seq) render(raw, terms, cases, found.results.length, false);
    }

    function render(raw, terms, cases, total, failed) {
      panel.replaceChildren();
      if (terms.length) {
        panel.append(el("p", { class: "cl-search__heading" }, "词条"));
        for (const t of terms) {
          panel.append(el("a", { class: "cl-search__term", role: "option", href: new URL(t.url, ROOT).href },
            el("strong", {}, t.label), el("span", {}, ` ${t.facet} · ${t.count} 篇`)));
        }
      }
      if (cases.length) {
        panel.append(el("p", { class: "cl-search__heading" }, "案例"));
        for (const c of cases) {
          panel.append(el("a", { class: "cl-search__case", role: "option", href: c.url },
            el("strong", {}, plain(c.meta.title) || c.url), el("span", { class: "cl-item__meta" }, caseMeta(c)),
            excerpt(c.excerpt) || el("span", { class: "cl-item__excerpt" }, plain(c.meta.summary))));
        }
      }
      const all = searchPage(new URLSearchParams({ q: raw.trim() }));
      const message = failed ? "检索暂时无法使用，点此打开检索页"
        : total ? `查看全部 ${total} 篇结果 →` : `没有找到与“${raw.trim()}”相关的案例，打开检索页按条件筛选 →`;
      panel.append(el("a", { class: "cl-search__all", role: "option", href: all }, message));
      active = -1;
      show();
    }
  }

  // --- the 案例检索 page -------------------------------------------------------------

  function finder(box) {
    const order = JSON.parse(box.dataset.order);   // vocabulary filters: values in vocabulary order
    const labels = JSON.parse(box.dataset.labels); // filter key → Chinese label
    const keys = Object.keys(labels);
    const input = box.querySelector(".cl-finder__q");
    const sort = box.querySelector("select[name=sort]");
    const status = box.querySelector(".cl-finder__status");
    const groups = box.querySelector(".cl-finder__groups");
    const list = box.querySelector(".cl-finder__results");
    const more = box.querySelector(".cl-finder__more");
    const clear = box.querySelector(".cl-finder__clear");
    const filters = box.querySelector(".cl-finder__filters");
    const expanded = new Set();  // filter groups showing all their values
    let state = fromURL(), seq = 0, timer = 0, shown = [], results = [], partial = null, also = [];
    const synonymNote = el("p", { class: "cl-finder__synonyms", "aria-live": "polite" });
    status.after(synonymNote);

    if (window.matchMedia("(max-width: 59.9375em)").matches) filters.open = false;

    function fromURL() {
      const params = new URLSearchParams(location.search);
      const sel = {};
      for (const k of keys) sel[k] = new Set(params.getAll(k).filter(Boolean));
      return { q: params.get("q") || "", sort: params.get("sort") === "date" ? "date" : "", sel,
        exact: params.get("exact") === "1" };
    }

    function toURL() {
      const params = new URLSearchParams();
      if (state.q.trim()) params.set("q", state.q.trim());
      for (const k of keys) for (const v of state.sel[k]) params.append(k, v);
      if (state.sort) params.set("sort", state.sort);
      if (state.exact) params.set("exact", "1");
      const query = params.toString();
      history.replaceState(null, "", query ? "?" + query : location.pathname);
    }

    /** Pagefind filters: values of one filter combine with OR, different filters with AND. */
    function pfFilters(except) {
      const out = {};
      for (const k of keys) if (k !== except && state.sel[k].size) out[k] = { any: [...state.sel[k]] };
      return out;
    }

    async function run() {
      const mine = ++seq;
      toURL();
      status.textContent = "正在检索……";
      let pf, all, main, counts;
      try {
        pf = await pagefind();
        all = await pf.filters();
        const q = state.q.trim();
        const opts = { filters: pfFilters() };
        if (state.sort === "date" || !q) opts.sort = { date: "desc" };
        main = await find(pf, await queryConcepts(q, state.exact), opts);
        if (opts.sort && main.concepts) await byDate(pf, main, opts);
        // The filters count the cases of the first result's words. A filter's own counts ignore its own
        // selection, so ticking a second value shows how many more cases it adds (OR), instead of zeros.
        const basis = main.results.length && main.concepts
          ? (await Promise.all(main.results[0].matched.map(cut))).flat().join(" ") : EVERY;
        const base = await pf.search(basis, opts);
        counts = {};
        for (const k of keys) {
          counts[k] = state.sel[k].size ? (await pf.search(basis, { filters: pfFilters(k) })).filters[k] : base.filters[k];
        }
      } catch (err) {
        if (mine === seq) status.textContent = "检索没有加载成功。请通过网站地址打开本页（本机预览请用 caselib serve），或稍后刷新重试。";
        return;
      }
      if (mine !== seq) return;
      results = main.results;
      partial = results.length && results[0].covered < main.concepts ? main : null;
      also = main.also;
      shown = [];
      list.replaceChildren();
      drawFilters(all, counts || {});
      await showMore(mine);
      if (mine === seq) describe();   // last, so "共 N 篇" is announced when the list is there
    }

    /** Sorted by date: the cases with most concepts first still, each tier newest first. */
    async function byDate(pf, main, opts) {
      const order = new Map((await pf.search(EVERY, opts)).results.map((r, i) => [r.id, i]));
      main.results.sort((a, b) => b.covered - a.covered || order.get(a.id) - order.get(b.id));
    }

    function describe() {
      const parts = [];
      if (state.q.trim()) parts.push(`关键词“${state.q.trim()}”`);
      for (const k of keys) if (state.sel[k].size) parts.push(`${labels[k]}：${[...state.sel[k]].join(" 或 ")}`);
      const scope = parts.length ? parts.join("；") + "，" : "全部案例，";
      if (partial) {
        status.textContent = `没有同时包含全部关键词的案例；下面 ${results.length} 篇按包含的关键词多少排列，`
          + `最前面的包含“${partial.used.join(" ")}”，每篇都注明包含了哪些。`;
      } else {
        status.textContent = results.length ? `${scope}共 ${results.length} 篇` : `${scope}没有找到案例。可以减少筛选条件或换一个关键词。`;
      }
      synonymNote.replaceChildren();
      if (also.length || state.exact) {
        const toggle = el("button", { type: "button", class: "cl-finder__exact" }, state.exact ? "也搜索近义词" : "只搜原词");
        toggle.addEventListener("click", () => { state.exact = !state.exact; run(); });
        synonymNote.append(state.exact ? "只搜索了输入的词。" : `也搜索了：${also.join("、")}。`, toggle);
      }
      clear.hidden = !keys.some((k) => state.sel[k].size);
    }

    async function showMore(mine) {
      const next = results.slice(shown.length, shown.length + PAGE_SIZE);
      const data = await Promise.all(next.map((r) => r.data()));
      if (mine !== seq) return;
      for (const [i, d] of data.entries()) {
        const matched = next[i].matched || [];
        shown.push(d);
        list.append(el("li", { class: "cl-item" },
          el("a", { class: "cl-item__title", href: d.url }, plain(d.meta.title) || d.url),
          el("span", { class: "cl-item__meta" }, caseMeta(d)),
          d.meta.summary ? el("span", { class: "cl-item__summary" }, plain(d.meta.summary)) : null,
          partial ? el("span", { class: "cl-item__matched" }, `包含：${matched.join("、")}`) : null,
          state.q.trim() ? excerpt(d.excerpt) : null));
      }
      more.hidden = shown.length >= results.length;
    }

    function valuesOf(key, all) {
      const present = Object.keys(all[key] || {});
      const chosen = [...state.sel[key]].filter((v) => !present.includes(v));
      let values;
      if (order[key]) values = order[key].filter((v) => present.includes(v));
      else if (key === "year") values = present.sort((a, b) => b.localeCompare(a));
      else values = present.sort((a, b) => (all[key][b] - all[key][a]) || a.localeCompare(b, "zh"));
      return [...chosen, ...values];
    }

    function drawFilters(all, counts) {
      groups.replaceChildren();
      for (const key of keys) {
        const values = valuesOf(key, all);
        if (!values.length) continue;
        const limit = order[key] || expanded.has(key) ? Infinity : 8;   // communities and years can be many
        const box = el("fieldset", { class: "cl-facet" }, el("legend", {}, labels[key]));
        values.forEach((value, i) => {
          const checked = state.sel[key].has(value);
          if (i >= limit && !checked) return;
          const n = (counts[key] || {})[value] || 0;
          const tick = el("input", { type: "checkbox", name: key, value });
          tick.checked = checked;
          tick.disabled = !n && !checked;
          tick.addEventListener("change", () => {
            state.sel[key][tick.checked ? "add" : "delete"](value);
            run();
          });
          box.append(el("label", { class: "cl-facet__value" + (n || checked ? "" : " cl-facet__value--none") },
            tick, el("span", {}, value), el("span", { class: "cl-facet__count" }, String(n))));
        });
        if (values.length > limit) {
          const all = el("button", { type: "button", class: "cl-facet__more" }, `显示全部 ${values.length} 项`);
          all.addEventListener("click", () => { expanded.add(key); run(); });
          box.append(all);
        }
        groups.append(box);
      }
    }

    input.value = state.q;
    sort.value = state.sort;
    box.querySelector(".cl-finder__form").addEventListener("submit", (e) => {
      e.preventDefault();
      state.q = input.value;
      run();
    });
    input.addEventListener("input", () => {
      clearTimeout(timer);
      timer = setTimeout(() => { state.q = input.value; run(); }, 250);
    });
    sort.addEventListener("change", () => { state.sort = sort.value; run(); });
    clear.addEventListener("click", () => { for (const k of keys) state.sel[k].clear(); run(); });
    more.addEventListener("click", () => showMore(seq));
    run();
  }

  document.querySelectorAll("[data-cl-search]").forEach(headerBox);
  document.querySelectorAll("[data-cl-finder]").forEach(finder);
})();
