// Loaded at the top of <body> (a file, because our Content Security Policy allows no inline script):
// tells GOV.UK Frontend's styles that its JavaScript will run, before the first paint.
document.body.className += " js-enabled" + ("noModule" in HTMLScriptElement.prototype ? " govuk-frontend-supported" : "");
