/** The hub's one stylesheet, light and dark (`prefers-color-scheme`), served as `hub.css`. */
export const hubCss = `:root {
  color-scheme: light dark;
  --bg: #f6f7f9; --surface: #ffffff; --text: #1b1f24; --muted: #545d68; --border: #d0d7de;
  --primary: #0b5cad; --on-primary: #ffffff; --danger: #b42318; --on-danger: #ffffff;
  --ok: #1a7f37; --warn: #8a5a00; --focus: #b45309; --row: #f0f3f6;
  --ok-bg: #e8f5ec; --err-bg: #fdecea; --warn-bg: #fff6dd; --info-bg: #e8f1fb;
}
@media (prefers-color-scheme: dark) {
  :root {
    --bg: #0d1117; --surface: #161b22; --text: #e6edf3; --muted: #9da7b3; --border: #3d444d;
    --primary: #4493f8; --on-primary: #0d1117; --danger: #f47067; --on-danger: #0d1117;
    --ok: #57ab5a; --warn: #d4a72c; --focus: #f8c555; --row: #1c2129;
    --ok-bg: #12261a; --err-bg: #2d1517; --warn-bg: #2b2210; --info-bg: #102238;
  }
}
*, *::before, *::after { box-sizing: border-box; }
html { font-family: system-ui, "DejaVu Sans", sans-serif; line-height: 1.5; }
body { margin: 0; background: var(--bg); color: var(--text); display: flex;
  flex-direction: column; min-height: 100vh; }
a { color: var(--primary); }
:focus-visible { outline: 3px solid var(--focus); outline-offset: 2px; }
.skip-link { position: absolute; left: -999px; top: 0; padding: .5rem 1rem;
  background: var(--surface); z-index: 10; }
.skip-link:focus { left: .5rem; top: .5rem; }
.site-header { background: var(--surface); border-bottom: 1px solid var(--border); }
.site-header .bar { max-width: 64rem; margin: 0 auto; padding: .6rem 1rem; display: flex;
  align-items: center; gap: 1rem; flex-wrap: wrap; }
.brand { font-weight: 700; font-size: 1.15rem; color: var(--text); text-decoration: none;
  display: flex; align-items: center; gap: .45rem; }
.brand img { width: 1.5rem; height: 1.5rem; }
.site-nav { display: flex; gap: .25rem; flex: 1; flex-wrap: wrap; }
.site-nav a { padding: .3rem .6rem; border-radius: .4rem; color: var(--text); text-decoration: none; }
.site-nav a:hover { background: var(--row); }
.site-nav a[aria-current="page"] { background: var(--row); font-weight: 600; }
.whoami { color: var(--muted); font-size: .95rem; }
main { flex: 1; width: 100%; max-width: 64rem; margin: 0 auto; padding: 1.5rem 1rem 3rem; }
main.narrow { max-width: 28rem; }
h1 { font-size: 1.6rem; margin: 0 0 1rem; }
h2 { font-size: 1.2rem; margin: 2rem 0 .75rem; }
.site-footer { color: var(--muted); font-size: .85rem; text-align: center; padding: 1rem;
  border-top: 1px solid var(--border); }
.card { background: var(--surface); border: 1px solid var(--border); border-radius: .6rem;
  padding: 1.25rem; }
.card > :first-child { margin-top: 0; }
.card > :last-child { margin-bottom: 0; }
.card > input[type=hidden]:first-child + label { margin-top: 0; }
fieldset { border: 1px solid var(--border); border-radius: .4rem; margin: 1rem 0; padding: .5rem .9rem .75rem; }
legend { font-weight: 600; padding: 0 .3rem; }
.muted { color: var(--muted); }
label { display: block; font-weight: 600; margin: .75rem 0 .25rem; }
input[type=text], input[type=password], input[type=search], input:not([type]), select, textarea {
  width: 100%; font: inherit; padding: .45rem .6rem; color: var(--text);
  background: var(--bg); border: 1px solid var(--border); border-radius: .4rem; }
.btn { font: inherit; font-weight: 600; display: inline-flex; align-items: center; gap: .35rem;
  padding: .45rem .9rem; border-radius: .4rem; border: 1px solid var(--border);
  background: var(--surface); color: var(--text); cursor: pointer; text-decoration: none; }
.btn:hover { filter: brightness(.95); }
.btn-primary { background: var(--primary); border-color: var(--primary); color: var(--on-primary); }
.btn-danger { background: var(--danger); border-color: var(--danger); color: var(--on-danger); }
.btn-small { padding: .2rem .55rem; font-size: .9rem; }
.btn-block { width: 100%; justify-content: center; margin-top: 1rem; }
.btn:disabled { opacity: .55; cursor: not-allowed; }
.inline { display: inline; }
.actions { display: flex; gap: .4rem; flex-wrap: wrap; align-items: center; }
.row-form { display: flex; gap: .5rem; align-items: end; flex-wrap: wrap; }
.row-form > div { flex: 1; min-width: 10rem; }
.row-form label { margin-top: 0; }
.alert { border-radius: .4rem; padding: .7rem 1rem; margin: 0 0 1rem;
  border-left: 4px solid var(--primary); background: var(--info-bg); }
.alert-error { border-color: var(--danger); background: var(--err-bg); }
.alert-success { border-color: var(--ok); background: var(--ok-bg); }
.alert-warning { border-color: var(--warn); background: var(--warn-bg); }
.alert code { word-break: break-all; }
.table-wrap { overflow-x: auto; border-radius: .6rem; }
.table-wrap table td, .table-wrap table th { white-space: nowrap; }
table { width: 100%; border-collapse: collapse; background: var(--surface);
  border: 1px solid var(--border); border-radius: .6rem; overflow: hidden; }
th, td { text-align: left; padding: .55rem .75rem; border-bottom: 1px solid var(--border);
  vertical-align: middle; }
thead th { font-size: .85rem; text-transform: uppercase; letter-spacing: .03em; color: var(--muted); }
tbody th { font-weight: 600; }
tbody tr:hover { background: var(--row); }
th button.sort { font: inherit; color: inherit; text-transform: inherit; background: none;
  border: 0; padding: 0; cursor: pointer; letter-spacing: inherit; }
th[aria-sort=ascending] button.sort::after { content: " ▲" / ""; }
th[aria-sort=descending] button.sort::after { content: " ▼" / ""; }
.pager { display: flex; justify-content: space-between; align-items: center; margin-top: .75rem; }
.toolbar { display: flex; gap: .75rem; align-items: end; flex-wrap: wrap; margin-bottom: 1rem; }
.toolbar > div { flex: 1; min-width: 12rem; }
.toolbar label { margin-top: 0; }
.status { display: inline-block; padding: .05rem .55rem; border-radius: 1rem; font-size: .85rem;
  font-weight: 600; border: 1px solid currentColor; }
.status-running { color: var(--ok); }
.status-spawning, .status-stopping { color: var(--warn); }
.status-stopped { color: var(--muted); }
.badge { font-size: .75rem; padding: .05rem .4rem; border-radius: .3rem; background: var(--row);
  border: 1px solid var(--border); margin-left: .35rem; }
.progress { height: 1.1rem; background: var(--row); border: 1px solid var(--border);
  border-radius: 1rem; overflow: hidden; }
.progress-fill { height: 100%; width: 0; background: var(--primary); transition: width .4s; }
.progress.failed .progress-fill { background: var(--danger); }
.progress-label { display: flex; justify-content: space-between; margin: .4rem 0 1rem; }
.log { font-family: ui-monospace, "DejaVu Sans Mono", monospace; font-size: .85rem;
  max-height: 12rem; overflow: auto; padding: .5rem .75rem; background: var(--bg);
  border: 1px solid var(--border); border-radius: .4rem; list-style: none; margin: 0; }
.profiles { display: grid; grid-template-columns: repeat(auto-fill, minmax(15rem, 1fr));
  gap: .75rem; border: 0; padding: 0; margin: 0; list-style: none; }
.profiles legend { font-weight: 600; margin-bottom: .5rem; }
.profile { position: relative; display: block; font-weight: normal; margin: 0; cursor: pointer;
  background: var(--surface); border: 2px solid var(--border); border-radius: .6rem; padding: 1rem; }
.profile:has(input:checked) { border-color: var(--primary); box-shadow: 0 0 0 1px var(--primary); }
.profile:has(input:focus-visible) { outline: 3px solid var(--focus); outline-offset: 2px; }
.profile input { position: absolute; top: 1rem; right: 1rem; accent-color: var(--primary); }
.profile strong { display: block; font-size: 1.05rem; margin-right: 1.5rem; }
.profile dl { display: grid; grid-template-columns: auto 1fr; gap: .1rem .75rem; margin: .6rem 0 0;
  font-size: .9rem; }
.profile dt { color: var(--muted); }
.profile dd { margin: 0; word-break: break-all; }
.checks { display: flex; flex-wrap: wrap; gap: .25rem 1rem; }
.checks label { font-weight: normal; margin: 0; display: flex; gap: .35rem; align-items: center; }
.error-code { font-size: 3rem; font-weight: 800; color: var(--muted); margin: 0; }
.visually-hidden { position: absolute; width: 1px; height: 1px; overflow: hidden;
  clip: rect(0 0 0 0); white-space: nowrap; }
`;
