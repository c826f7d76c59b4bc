/**
 * Turns brush strokes into the mask OpenAI's image edit expects: a PNG the size of the image, opaque where the
 * image must stay, fully transparent where the strokes are (there the model may paint).
 */
export function maskFromStrokes(strokes: HTMLCanvasElement): Promise<Blob> {
  const source = strokes.getContext("2d");
  const mask = document.createElement("canvas");
  mask.width = strokes.width;
  mask.height = strokes.height;
  const context = mask.getContext("2d");
  if (!source || !context) throw new Error("no 2D canvas");
  // Strokes are drawn translucent so the photo shows through; the mask must be all-or-nothing per pixel.
  const painted = source.getImageData(0, 0, strokes.width, strokes.height).data;
  const pixels = context.createImageData(mask.width, mask.height);
  for (let i = 0; i < painted.length; i += 4) pixels.data[i + 3] = painted[i + 3] === 0 ? 255 : 0;
  context.putImageData(pixels, 0, 0);
  return new Promise((resolve, reject) => mask.toBlob((blob) => (blob ? resolve(blob) : reject(new Error("toBlob failed"))), "image/png"));
}

/** True when at least one pixel of the canvas was painted. */
export function hasPaint(canvas: HTMLCanvasElement): boolean {
  const context = canvas.getContext("2d");
  if (!context) return false;
  const { data } = context.getImageData(0, 0, canvas.width, canvas.height);
  for (let i = 3; i < data.length; i += 4) if (data[i] !== 0) return true;
  return false;
}
