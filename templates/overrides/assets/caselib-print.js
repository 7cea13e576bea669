// "打印 / 存为 PDF": buttons are hidden until this script shows them, so a page without scripts
// never has a button that does nothing. A file of its own: the site runs under script-src 'self'.
document.querySelectorAll(".cl-print").forEach((button) => {
  button.hidden = false;
  button.addEventListener("click", () => window.print());
});
