// Login: one password field (the admin password set at provisioning). A refusal (wrong password,
// too many attempts, no password provisioned yet) shows the server's own message.

import { ApiError, post } from '../api.js';
import { h, replace, text } from '../dom.js';

export function render(main, ctx) {
  const message = h('p.error', { id: 'login-error', role: 'alert' });
  const hint = ctx.loginMessage();
  const password = h('input', { id: 'password', name: 'password', type: 'password', autocomplete: 'current-password', required: true, autofocus: true });
  const submit = h('button', { id: 'login-submit', type: 'submit' }, 'Log in');
  const form = h('form.card.login', { id: 'login-form', onsubmit: async (e) => {
    e.preventDefault();
    text(message, '');
    submit.disabled = true;
    try {
      const answer = await post('/session', { json: { password: password.value }, login: true });
      if (!answer || !answer.csrf) throw new ApiError(0, 'the gateway answered the login without a CSRF token', answer);
      ctx.loggedIn(answer);
    } catch (err) {
      text(message, err.status === 401 ? `Refused: ${err.message}` : err.message);
      password.select();
    } finally {
      submit.disabled = false;
    }
  } },
  h('h1', null, 'Gateway console'),
  hint ? h('p.hint', { id: 'login-hint' }, hint) : null,
  h('label', { for: 'password' }, 'Admin password'),
  password,
  submit,
  message);
  replace(main, form);
  password.focus();
}
