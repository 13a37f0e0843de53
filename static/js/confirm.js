// Forms with data-confirm ask first; when confirmed they post confirm=yes, so the server
// does not show its own confirmation page. Without JS the server asks instead.
document.addEventListener("submit", (event) => {
  const form = event.target.closest("form[data-confirm]");
  if (!form) return;
  if (!window.confirm(form.dataset.confirm)) {
    event.preventDefault();
    return;
  }
  if (!form.querySelector('input[name="confirm"]')) {
    const input = document.createElement("input");
    Object.assign(input, { type: "hidden", name: "confirm", value: "yes" });
    form.append(input);
  }
});
