// 社区案例库 · 本机预览（caselib serve）：每页顶部显示问题数量和“问题”页链接；检索索引更新中时在检索页提示，
// 更新完成后自动刷新。只在 caselib serve 时加载，生成的网站里没有这个脚本。
(function () {
  "use strict";
  var script = document.currentScript;
  var statusUrl = new URL("preview.json", script.src);
  var siteRoot = new URL("../", script.src);

  function load() {
    return fetch(statusUrl, { cache: "no-store" }).then(function (r) { return r.json(); });
  }

  function banner(status) {
    if (!status.errors && !status.warnings) return;
    var bar = document.createElement("div");
    bar.className = "cl-preview-banner";
    bar.setAttribute("role", "status");
    var link = document.createElement("a");
    link.href = new URL(status.problems, siteRoot).href;
    link.textContent = "查看全部问题";
    bar.textContent = "预览：" + status.files + " 个文件有问题（" + status.errors + " 个错误，" + status.warnings + " 个警告）。";
    bar.appendChild(link);
    document.body.insertBefore(bar, document.body.firstChild);
  }

  function indexNotice(status) {
    var page = document.querySelector("[data-cl-finder]");
    if (!page || !status.indexing) return;
    var note = document.createElement("p");
    note.className = "cl-preview-indexing";
    note.setAttribute("role", "status");
    note.textContent = "检索索引更新中……最近的改动稍后就能搜到，完成后本页会自动刷新。";
    page.insertBefore(note, page.firstChild);
    var timer = setInterval(function () {
      load().then(function (s) {
        if (!s.indexing) { clearInterval(timer); location.reload(); }
      }).catch(function () {});
    }, 1500);
  }

  load().then(function (status) { banner(status); indexNotice(status); }).catch(function () {});
})();
