// Live character counters for statement texts: [data-js="char-count"] forms, textareas with
// data-counter pointing at their counter element. Warns when a text is too long for a card.
const form = document.querySelector('[data-js="char-count"]');
if (form) {
  const limit = Number(form.dataset.warnLength || 100);
  const update = (area) => {
    const counter = document.getElementById(area.dataset.counter);
    if (!counter) return;
    const n = area.value.length;
    counter.classList.toggle("over", n > limit);
    area.closest(".statement-row")?.classList.toggle(
      "too-long",
      [...area.closest(".statement-row").querySelectorAll("textarea")].some((t) => t.value.length > limit),
    );
    counter.firstChild.textContent = counter.firstChild.textContent.replace(/\d+/, String(n));
  };
  form.querySelectorAll("textarea[data-counter]").forEach((area) => {
    area.addEventListener("input", () => update(area));
  });
}
