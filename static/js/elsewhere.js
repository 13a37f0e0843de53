// "Continue on another tablet": load the resume QR code only when the panel is opened.
for (const panel of document.querySelectorAll('[data-js="elsewhere"]')) {
  panel.addEventListener("toggle", () => {
    const image = panel.querySelector("img[data-src]");
    if (panel.open && image && !image.src) image.src = image.dataset.src;
  });
}
