// Move the keyboard and screen reader to the feedback just shown (scenario or check).
document.addEventListener("DOMContentLoaded", () => {
  const feedback = document.querySelector("[data-focus-on-load]");
  if (feedback) feedback.focus();
});
