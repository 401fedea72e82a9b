// Progressive enhancement: a drawn signature where the device allows. Without this script the
// typed name and date are the signature, and the form works the same.
document.addEventListener("DOMContentLoaded", () => {
  const box = document.querySelector("[data-signature]");
  if (!box) return;
  const canvas = box.querySelector("canvas");
  const field = box.querySelector("input[name='signature']");
  const context = canvas.getContext("2d");
  if (!context) return;
  box.hidden = false;
  context.lineWidth = 3;
  context.lineCap = "round";
  context.strokeStyle = "#1d2733";
  let drawing = false;
  let drawn = false;
  const point = (event) => {
    const area = canvas.getBoundingClientRect();
    return [
      ((event.clientX - area.left) * canvas.width) / area.width,
      ((event.clientY - area.top) * canvas.height) / area.height,
    ];
  };
  canvas.addEventListener("pointerdown", (event) => {
    drawing = true;
    canvas.setPointerCapture(event.pointerId);
    context.beginPath();
    context.moveTo(...point(event));
  });
  canvas.addEventListener("pointermove", (event) => {
    if (!drawing) return;
    context.lineTo(...point(event));
    context.stroke();
    drawn = true;
  });
  const stop = () => { drawing = false; };
  canvas.addEventListener("pointerup", stop);
  canvas.addEventListener("pointercancel", stop);
  box.querySelector("[data-signature-clear]").addEventListener("click", () => {
    context.clearRect(0, 0, canvas.width, canvas.height);
    drawn = false;
    field.value = "";
  });
  box.closest("form").addEventListener("submit", () => {
    field.value = drawn ? canvas.toDataURL("image/png") : "";
  });
});
