/** The hub's mark (a planet with a ring, in the theme's primary blue), `logo.svg`. */
export const logoSvg = `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 32 32" role="img" aria-label="Hubstack">
<circle cx="16" cy="16" r="9" fill="#0b5cad"/>
<ellipse cx="16" cy="16" rx="15" ry="5" fill="none" stroke="#f59e0b" stroke-width="2.5" transform="rotate(-25 16 16)"/>
<circle cx="12.5" cy="12.5" r="2.2" fill="#ffffff" opacity=".55"/>
</svg>
`;
