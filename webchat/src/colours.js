/* WCAG contrast: site owners pick any primary colour, text on it and accents stay readable. */

function luminance(hex) {
  const h = hex.length === 4 ? "#" + hex[1] + hex[1] + hex[2] + hex[2] + hex[3] + hex[3] : hex;
  const [r, g, b] = [1, 3, 5].map((i) => {
    const c = parseInt(h.substr(i, 2), 16) / 255;
    return c <= 0.03928 ? c / 12.92 : Math.pow((c + 0.055) / 1.055, 2.4);
  });
  return 0.2126 * r + 0.7152 * g + 0.0722 * b;
}

/** Contrast ratio (1-21) of two #rgb/#rrggbb colours. */
export function contrast(a, b) {
  const la = luminance(a), lb = luminance(b);
  return (Math.max(la, lb) + 0.05) / (Math.min(la, lb) + 0.05);
}

/** CSS custom properties for `primary`: text on it and the accent both reach AA (4.5:1). */
export function colourVariables(primary) {
  const onPrimary = contrast(primary, "#ffffff") >= contrast(primary, "#111111") ? "#ffffff" : "#111111";
  // Links and suggestion buttons use the primary colour only where it is dark enough to read
  // on the bot bubble (#eef1f4, the darker of the two backgrounds it sits on; the other is white).
  const accent = contrast(primary, "#eef1f4") >= 4.5 ? primary : "#0b4f94";
  return { "--bcw-primary": primary, "--bcw-on-primary": onPrimary, "--bcw-accent": accent };
}
