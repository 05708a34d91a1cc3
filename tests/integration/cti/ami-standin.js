// SPDX-License-Identifier: GPL-3.0-or-later
// A stand-in for Asterisk's manager interface: the npm package asterisk-ami-test-server
// (a TCP AMI server that handles Login, Ping and Logoff and broadcasts what it is given),
// told by the test what to do, one JSON command a line on stdin:
//   {"send": FILE}       broadcast the transcript FILE (Asterisk's wire format; its LF line
//                        ends sent as CRLF) to every logged-in client
//   {"channels": FILE}   what CoreShowChannels answers from now on (null: no channel up)
//   {"drop": true}       cut every client's connection, as a PBX that goes away
// and telling it on stdout, one JSON object a line: {"listening": PORT}, and {"action": {...}}
// for every action a client sent (Login, Ping, Originate, CoreShowChannels ...), which this
// stand-in records; Originate and CoreShowChannels are answered as Asterisk answers them.
'use strict';

const fs = require('fs');
const readline = require('readline');
const AmiTestServer = require('asterisk-ami-test-server');

const port = parseInt(process.argv[2] || '0', 10);
const username = process.argv[3];
const secret = process.argv[4];
let channels = null;
const sockets = new Set();

function say(object) {
  process.stdout.write(JSON.stringify(object) + '\n');
}

function wire(text, actionId) {
  return text.replace(/\$\{ACTIONID\}/g, actionId || '').replace(/\r?\n/g, '\r\n');
}

const handle = AmiTestServer.prototype._amiActionHandler;
AmiTestServer.prototype._amiActionHandler = function (action, socket) {
  if (!sockets.has(socket)) {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  }
  say({ action: action });
  const name = (action.Action || '').toLowerCase();
  const id = action.ActionID || '';
  if (name === 'originate' && this._authClients[socket._key]) {
    socket.write(wire('Response: Success\nActionID: ${ACTIONID}\nMessage: Originate successfully queued\n\n', id));
    return;
  }
  if (name === 'coreshowchannels' && this._authClients[socket._key]) {
    let text = 'Response: Success\nActionID: ${ACTIONID}\nEventList: start\nMessage: Channels will follow\n\n';
    let items = 0;
    if (channels) {
      const listed = fs.readFileSync(channels, 'utf8');
      items = (listed.match(/^Event: CoreShowChannel$/mg) || []).length;
      text += listed;
    }
    text += 'Event: CoreShowChannelsComplete\nActionID: ${ACTIONID}\nEventList: Complete\nListItems: ' +
            items + '\n\n';
    socket.write(wire(text, id));
    return;
  }
  return handle.call(this, action, socket);
};

const server = new AmiTestServer({
  silent: true,
  maxConnections: 10,
  authTimeout: 30000,
  credentials: { username: username, secret: secret },
});

server.listen(port).then(() => {
  say({ listening: server._server.address().port });
  const input = readline.createInterface({ input: process.stdin });
  input.on('line', line => {
    const command = JSON.parse(line);
    if (command.send) {
      server.broadcast(wire(fs.readFileSync(command.send, 'utf8')));
    } else if ('channels' in command) {
      channels = command.channels;
    } else if (command.drop) {
      for (const socket of sockets)
        socket.destroy();
    }
    say({ done: line });
  });
  input.on('close', () => process.exit(0));
});
