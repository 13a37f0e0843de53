// "Continue on another tablet": load the resume QR code only when the panel is opened.
// A panel opened before this script ran (a fast tap while the page loads) loads it at once.
for (const panel of document.querySelectorAll('[data-js="elsewhere"]')) {
  const loadQr = () => {
    const image = panel.querySelector("img[data-src]");
    if (panel.open && image && !image.src) image.src = image.dataset.src;
  };
  panel.addEventListener("toggle", loadQr);
  loadQr();
}
