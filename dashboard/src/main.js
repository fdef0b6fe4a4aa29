import './style.css';
import { ApiError, listAll } from './api.js';
import { onUserChange, signIn, signOut, startAuth } from './auth.js';
import { loadBoard, newPanel, saveBoard } from './board.js';
import { h } from './dom.js';
import { createPanel } from './panel.js';

const app = document.getElementById('app');
const who = document.getElementById('who');
const signOutButton = document.getElementById('signout');

function message(kind, text, ...extra) {
  app.replaceChildren(h('p', { className: `state ${kind}`, role: 'status' }, text, ...extra));
}

function signInPrompt(text) {
  message('signin', text, ' ', h('button', { type: 'button', onclick: signIn, autofocus: true }, 'Sign in'));
}

/** Who is signed in, and until when their token holds (it is renewed before then). */
function showUser(user) {
  const profile = user.profile || {};
  const until = user.expires_at ? new Date(user.expires_at * 1000) : null;
  who.textContent = `${profile.sub || ''}${profile.tenant ? ` · tenant ${profile.tenant}` : ''}`;
  if (until) {
    who.dataset.expiresAt = String(user.expires_at);
    who.title = `Signed in until ${until.toLocaleTimeString()}; renewed before then`;
  }
}

async function main() {
  let config;
  try {
    config = await (await fetch('/config.json', { cache: 'no-cache' })).json();
  } catch {
    message('error', 'The dashboard has no configuration (config.json): ask your operator.');
    return;
  }
  let user;
  try {
    user = await startAuth(config);
  } catch (error) {
    signInPrompt(`Sign-in failed (${error.message}). Try again.`);
    return;
  }
  if (!user || user.expired) {
    signInPrompt('Sign in with your organisation account to see your tenant’s metrics.');
    return;
  }
  showUser(user);
  onUserChange((renewed) => renewed && showUser(renewed));
  signOutButton.hidden = false;
  signOutButton.addEventListener('click', signOut);

  let metrics;
  try {
    message('loading', 'Loading metrics…');
    metrics = await listAll('/api/v1/metrics', 'metrics');
  } catch (error) {
    if (error instanceof ApiError && error.kind === 'signin') signInPrompt(error.message);
    else message(error.kind || 'error', error.message);
    return;
  }
  renderBoard(metrics);
}

function renderBoard(metrics) {
  const board = loadBoard();
  const panels = h('div', { className: 'panels' });
  const views = [];
  const save = () => saveBoard(board);
  const add = (state) => {
    const view = createPanel(state, {
      metrics,
      onChange: save,
      onSignIn: signIn,
      onRemove: () => {
        view.stop();
        board.panels.splice(board.panels.indexOf(state), 1);
        views.splice(views.indexOf(view), 1);
        view.root.remove();
        save();
      },
    });
    views.push(view);
    panels.append(view.root);
  };
  const empty = metrics.length === 0 ? h('p', { className: 'state empty' }, 'Your tenant has no metrics yet: write points to /api/v1/points and reload.') : null;
  app.replaceChildren(
    h(
      'div',
      { className: 'toolbar' },
      h('button', { type: 'button', onclick: () => {
        const state = newPanel(metrics[0] || '');
        board.panels.push(state);
        add(state);
        save();
      } }, 'Add panel'),
      h('button', { type: 'button', onclick: () => views.forEach((v) => v.refresh()) }, 'Refresh'),
    ),
    ...(empty ? [empty] : []),
    panels,
  );
  board.panels.forEach(add);
  save();
}

main();
