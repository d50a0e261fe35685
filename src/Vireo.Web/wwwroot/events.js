// Follows vireod's server-sent event stream. EventSource reconnects by itself after a network error;
// we only report its state so the page can say whether what it shows is live.

/**
 * Opens the stream. onOpen runs on every (re)connection, which is when the page must reload the list:
 * events sent while it was away are lost. Returns a function that closes the stream.
 */
export function followEvents({ onEvent, onStatus, onOpen }) {
  const source = new EventSource('/api/v1/events');
  onStatus('connecting');
  source.addEventListener('open', () => {
    onStatus('connected');
    onOpen();
  });
  source.addEventListener('error', () => {
    // CLOSED means the browser gave up (the server refused the stream, e.g. the token changed).
    onStatus(source.readyState === EventSource.CLOSED ? 'disconnected' : 'reconnecting');
  });
  for (const kind of ['lifecycle', 'reboot', 'metadata', 'network', 'pool']) {
    source.addEventListener(kind, (message) => {
      let data;
      try {
        data = JSON.parse(message.data);
      } catch {
        return; // a malformed event cannot update anything; the next one or a reload will
      }
      if (data?.domain || data?.network || data?.pool) onEvent(kind, data);
    });
  }
  return () => source.close();
}
