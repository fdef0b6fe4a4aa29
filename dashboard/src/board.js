// A board: the panels on the page and their queries, kept in the URL's fragment (so a board is
// bookmarked and shared as a link) and in local storage (so the last board comes back).
const STORAGE_KEY = 'sponge.board';

export const RANGES = ['15m', '1h', '6h', '24h', '7d', '30d'];

export function newPanel(metric = '') {
  return { metric, tags: [], range: '1h', from: null, to: null, agg: 'avg', step: 'auto', groupBy: '', unit: '', live: false };
}

export function loadBoard() {
  const fromUrl = decode(new URLSearchParams(location.hash.slice(1)).get('board'));
  if (fromUrl) return fromUrl;
  return decode(localStorage.getItem(STORAGE_KEY)) || { panels: [newPanel()] };
}

export function saveBoard(board) {
  const text = encode(board);
  localStorage.setItem(STORAGE_KEY, text);
  history.replaceState(null, '', `${location.pathname}${location.search}#board=${text}`);
}

function encode(board) {
  const bytes = new TextEncoder().encode(JSON.stringify(board));
  let binary = '';
  bytes.forEach((b) => (binary += String.fromCharCode(b)));
  return btoa(binary).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

function decode(text) {
  if (!text) return null;
  try {
    const binary = atob(text.replace(/-/g, '+').replace(/_/g, '/'));
    const board = JSON.parse(new TextDecoder().decode(Uint8Array.from(binary, (c) => c.charCodeAt(0))));
    if (!Array.isArray(board.panels)) return null;
    board.panels = board.panels.map((panel) => ({ ...newPanel(), ...panel }));
    return board;
  } catch {
    return null;
  }
}
