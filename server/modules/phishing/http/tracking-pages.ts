import { CUES, type Cue, escapeHtml } from '../domain/lure-rules.ts';

/**
 * The pages the tracking listener serves on the look-alike domain: the teachable moment, the
 * pretend sign-in (whose fields have no names and whose script sends only how many were filled),
 * the lesson, and the plain pages for a bad link. Styles inline, scripts from /assets only.
 */

export type PageLure = {
  name: string;
  teachable: { cue: string; where: string; explain: string }[];
  lesson: string;
};

const shell = (title: string, body: string, script?: string) => `<!doctype html>
<html lang="en-GB"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
<meta name="robots" content="noindex,nofollow"><title>${escapeHtml(title)}</title>
<style>
body{font-family:system-ui,-apple-system,Segoe UI,Roboto,Arial,sans-serif;margin:0;background:#f4f6f8;color:#1b1f24;line-height:1.5}
main{max-width:640px;margin:0 auto;padding:24px 16px 48px}
.card{background:#fff;border-radius:10px;padding:20px 22px;box-shadow:0 1px 3px rgba(0,0,0,.08);margin-bottom:16px}
h1{font-size:1.45rem;margin:0 0 8px}h2{font-size:1.1rem;margin:0 0 8px}
.cue{border-left:4px solid #e8a317;padding:6px 12px;margin:10px 0;background:#fffaf0}
.cue b{display:block}.muted{color:#5b6570;font-size:.92rem}
label{display:block;margin:12px 0 4px;font-weight:600}input{width:100%;padding:10px;font-size:1rem;border:1px solid #b8c0c8;border-radius:6px;box-sizing:border-box}
button{margin-top:16px;padding:10px 18px;font-size:1rem;border:0;border-radius:6px;background:#0b5cad;color:#fff;cursor:pointer}
</style></head><body><main>${body}</main>${script ? `<script src="${script}"></script>` : ''}</body></html>`;

export function teachableSection(lure: PageLure, schoolName: string, reportAddress: string): string {
  const cues = lure.teachable
    .map(
      (c) =>
        `<div class="cue"><b>${escapeHtml(CUES[c.cue as Cue]?.label ?? c.cue)}: ${escapeHtml(c.where)}</b>${escapeHtml(c.explain)}</div>`,
    )
    .join('');
  return `<div class="card"><h1>This was a practice phishing email from ${escapeHtml(schoolName)} IT Services</h1>
<p>Nobody is in trouble, and nothing you typed was sent or stored. Practice messages like this one help everyone spot the real thing.</p></div>
<div class="card"><h2>The signs that were there to see</h2>${cues || "<p>Look at the sender's address and where the link really goes.</p>"}</div>
<div class="card"><h2>What to do next time</h2><p>${escapeHtml(lure.lesson)}</p>
<p>Use the <b>Report</b> button in Outlook or Gmail${reportAddress ? `, or forward the message to <b>${escapeHtml(reportAddress)}</b>` : ''}. A quick report protects everyone: IT can warn colleagues and block a real attack.</p></div>`;
}

export function teachablePage(token: string, lure: PageLure, schoolName: string, reportAddress: string): string {
  return shell(
    'Practice phishing email',
    `<div id="belfry-page" data-token="${escapeHtml(token)}">${teachableSection(lure, schoolName, reportAddress)}</div>`,
    '/assets/beacon.js',
  );
}

/** The pretend sign-in: no field has a name, the form posts nothing, the script sends a count. */
export function formPage(token: string, lure: PageLure, schoolName: string, reportAddress: string): string {
  return shell(
    'Sign in',
    `<div id="belfry-page" data-token="${escapeHtml(token)}" data-mode="form">
<div class="card" id="belfry-form"><h1>Sign in</h1><p class="muted">Use your work account</p>
<form method="post" action="/s/${escapeHtml(token)}" autocomplete="off">
<label for="u">Email or username</label><input id="u" type="text" autocomplete="off" spellcheck="false">
<label for="p">Password</label><input id="p" type="password" autocomplete="new-password">
<button type="submit">Sign in</button></form></div>
<template id="belfry-teachable">${teachableSection(lure, schoolName, reportAddress)}</template></div>`,
    '/assets/beacon.js',
  );
}

/**
 * The page script: one beacon at the first real pointer, touch or key press (a person, not a
 * link scanner), and on the pretend form only the number of fields filled: never a value.
 */
export const BEACON_JS = `(function(){
var root=document.getElementById('belfry-page');if(!root)return;var t=root.getAttribute('data-token');var sent=false;
function beacon(kind){if(sent)return;sent=true;fetch('/b/'+t,{method:'POST',headers:{'content-type':'application/json'},body:JSON.stringify({interaction:kind}),keepalive:true}).catch(function(){});}
addEventListener('pointerdown',function(){beacon('pointer')},{once:true});addEventListener('pointermove',function(){beacon('pointer')},{once:true});
addEventListener('touchstart',function(){beacon('touch')},{once:true});addEventListener('keydown',function(){beacon('key')},{once:true});
if(root.getAttribute('data-mode')!=='form')return;
var form=root.querySelector('form');var done=false;
function reveal(){if(done)return;done=true;var n=0;var inputs=form.querySelectorAll('input');for(var i=0;i<inputs.length;i++){if(inputs[i].value.length>0)n++;inputs[i].value='';}
fetch('/s/'+t,{method:'POST',headers:{'content-type':'application/json'},body:JSON.stringify({submitted:true,fields_filled:n}),keepalive:true}).catch(function(){});
var tpl=document.getElementById('belfry-teachable');root.innerHTML='';root.appendChild(tpl.content.cloneNode(true));}
form.addEventListener('submit',function(e){e.preventDefault();reveal();});
document.getElementById('p').addEventListener('input',function(){reveal();},{once:true});
})();`;

export function lessonPage(lure: PageLure, schoolName: string, done: boolean, actionPath: string): string {
  const cues = lure.teachable
    .map(
      (c) =>
        `<div class="cue"><b>${escapeHtml(CUES[c.cue as Cue]?.label ?? c.cue)}: ${escapeHtml(c.where)}</b>${escapeHtml(c.explain)}</div>`,
    )
    .join('');
  return shell(
    'A two-minute lesson',
    `<div class="card"><h1>A two-minute lesson from ${escapeHtml(schoolName)} IT Services</h1><p>${escapeHtml(lure.lesson)}</p></div>
<div class="card"><h2>What to look for</h2>${cues}</div>
<div class="card">${
      done
        ? '<h2>Thank you</h2><p>That is recorded. Thank you for taking the time.</p>'
        : `<form method="post" action="${escapeHtml(actionPath)}"><p>When you have read this, let us know.</p><button type="submit">I have read this</button></form>`
    }</div>`,
  );
}

export const notFoundPage = () =>
  shell(
    'Link not found',
    '<div class="card"><h1>This link is not valid</h1><p>It may have expired. You can close this page.</p></div>',
  );

export const reportGetPage = () =>
  shell(
    'Report',
    '<div class="card"><h1>Reports are sent with the Report button</h1><p>Opening this address does not report anything. Use the Report button in your mail program, or forward the message to IT.</p></div>',
  );

export const homePage = () =>
  shell('Welcome', '<div class="card"><h1>Nothing to see here</h1><p>You can close this page.</p></div>');

/** The smallest transparent GIF: 43 bytes. */
export const PIXEL = Buffer.from('R0lGODlhAQABAIAAAAAAAP///yH5BAEAAAAALAAAAAABAAEAAAIBRAA7', 'base64');
