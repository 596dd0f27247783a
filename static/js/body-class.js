// GOV.UK Frontend's body classes, from a file rather than inline so the CSP needs no exception.
document.body.className += " js-enabled" + ("noModule" in HTMLScriptElement.prototype ? " govuk-frontend-supported" : "");
