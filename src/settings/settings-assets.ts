// The settings page's only style sheet and script, served from Zoop itself (CSP default-src 'self':
// no inline code, nothing from elsewhere). The page works without the script; it only adds copy
// buttons and greys out the per-entity boxes while "all scopes" is ticked.

export const SETTINGS_CSS = `*{box-sizing:border-box}
body{font-family:system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;margin:0;color:#1d1d1f;background:#fafafa;line-height:1.45}
header{display:flex;flex-wrap:wrap;gap:.5rem 1rem;align-items:center;justify-content:space-between;padding:.6rem 1rem;background:#17324d;color:#fff}
header a{color:#fff}header .brand{font-weight:700;margin:0}header nav{display:flex;flex-wrap:wrap;gap:.25rem 1rem}
header form{display:flex;gap:.5rem;align-items:center;margin:0}header button{background:#fff;color:#17324d;border-color:#fff}
main{max-width:72rem;margin:0 auto;padding:1rem}
h1{font-size:1.4rem}h2{font-size:1.2rem;margin-top:2rem;border-bottom:1px solid #ccd;padding-bottom:.2rem}h3{font-size:1rem}
section{margin-bottom:1.5rem}
a{color:#0b5cad}a:focus,button:focus,input:focus,select:focus{outline:3px solid #f2a900;outline-offset:1px}
label{display:block;margin:.6rem 0 .2rem;font-weight:600}
input[type=text],input[type=email],input[type=password],input[type=number],select{width:100%;max-width:28rem;padding:.45rem;font:inherit;border:1px solid #889;border-radius:4px;background:#fff}
fieldset{border:1px solid #ccd;border-radius:4px;margin:.8rem 0;padding:.5rem .8rem}legend{font-weight:600;padding:0 .3rem}
.choice{display:flex;gap:.4rem;align-items:center;font-weight:400;margin:.3rem 0}
button{font:inherit;padding:.45rem 1rem;border-radius:4px;border:1px solid #17324d;background:#17324d;color:#fff;cursor:pointer}
button.secondary{background:#fff;color:#17324d}button.danger{background:#a4161a;border-color:#a4161a}
.row{display:flex;flex-wrap:wrap;gap:.6rem;align-items:center;margin-top:1rem}
.err{color:#a4161a;font-weight:600}.notice{background:#e7f4e8;border:1px solid #3b7d3f;padding:.5rem .8rem;border-radius:4px}
.muted{color:#555}.vh{position:absolute;width:1px;height:1px;overflow:hidden;clip:rect(0 0 0 0);white-space:nowrap}
table{border-collapse:collapse;width:100%;background:#fff;font-size:.92rem}
th,td{text-align:left;vertical-align:top;padding:.4rem .5rem;border-bottom:1px solid #dde}
th{background:#eef1f5}caption{text-align:left;font-weight:600;padding:.3rem 0}
td.scopes{max-width:22rem;overflow-wrap:anywhere}code,pre{font-family:ui-monospace,Menlo,Consolas,monospace;font-size:.85rem}
code{overflow-wrap:anywhere}code.nowrap{white-space:nowrap;overflow-wrap:normal}table.scopes-grid td{white-space:nowrap}
pre{background:#f0f2f5;border:1px solid #ccd;border-radius:4px;padding:.6rem;overflow-x:auto;white-space:pre-wrap;overflow-wrap:anywhere}
table.scopes-grid{width:auto}table.scopes-grid td,table.scopes-grid th{padding:.2rem .6rem}
table.scopes-grid label{display:inline;margin:0;font-weight:400}
.copy{display:flex;gap:.5rem;flex-wrap:wrap}.copy input{flex:1 1 16rem;font-family:ui-monospace,Menlo,Consolas,monospace}
.revoked{color:#777}
.events-grid{display:grid;grid-template-columns:repeat(auto-fill,minmax(14rem,1fr));gap:0 1rem}.events-grid .choice{margin:.15rem 0;overflow-wrap:anywhere}
dl{display:grid;grid-template-columns:max-content 1fr;gap:.3rem 1rem}dt{font-weight:600}dd{margin:0;overflow-wrap:anywhere}
input[type=url]{width:100%;max-width:28rem;padding:.45rem;font:inherit;border:1px solid #889;border-radius:4px;background:#fff}
.skip{position:absolute;left:-999px;top:0;background:#fff;color:#0b5cad;padding:.4rem .8rem;z-index:1}.skip:focus{left:.5rem}
@media (max-width:44rem){
  table.stack thead{position:absolute;width:1px;height:1px;overflow:hidden;clip:rect(0 0 0 0)}
  table.stack tr{display:block;border:1px solid #ccd;border-radius:4px;margin-bottom:.6rem;background:#fff}
  table.stack td{display:block;position:relative;border:0;padding:.25rem .5rem .25rem 7.5rem;overflow-wrap:anywhere;min-height:1.9rem}
  table.stack td::before{content:attr(data-label);font-weight:600;position:absolute;left:.5rem;width:6.5rem}
  header{font-size:.95rem}
}`;

export const SETTINGS_JS = `'use strict';
document.addEventListener('DOMContentLoaded', function () {
  var status = document.getElementById('copy-status');
  document.querySelectorAll('button[data-copy]').forEach(function (b) {
    b.hidden = false;
    b.addEventListener('click', function () {
      var el = document.getElementById(b.getAttribute('data-copy'));
      var text = 'value' in el ? el.value : el.textContent;
      var done = function (msg) { if (status) status.textContent = msg; };
      if (navigator.clipboard && navigator.clipboard.writeText) {
        navigator.clipboard.writeText(text).then(function () { done('Copied to the clipboard.'); }, function () { done('Select the text and copy it with Ctrl+C.'); });
      } else done('Select the text and copy it with Ctrl+C.');
    });
  });
  var all = document.getElementById('scope-all');
  if (all) {
    var boxes = document.querySelectorAll('input[name=scope]');
    var sync = function () { boxes.forEach(function (x) { x.disabled = all.checked; }); };
    all.addEventListener('change', sync);
    sync();
  }
});
`;
