// Progressive enhancement: without JavaScript the page has a refresh link.
const box = document.getElementById("import-progress");
if (box) {
  const url = box.dataset.statusUrl;
  const text = box.querySelector("p");
  const bar = box.querySelector("progress");
  const poll = async () => {
    const response = await fetch(url, { headers: { Accept: "application/json" } });
    if (!response.ok) return;
    const s = await response.json();
    if (s.finished) {
      window.location.reload();
      return;
    }
    const counted = s.done ? `: ${s.done} rows so far` : "";
    text.textContent = s.stage + (s.total ? `: ${s.done} of ${s.total}` : counted);
    // Without a total (reading, checking) the bar is indeterminate, not an empty bar.
    if (s.total) bar.value = Math.floor((100 * s.done) / s.total);
    else bar.removeAttribute("value");
    setTimeout(poll, 2000);
  };
  setTimeout(poll, 2000);
}
