"""A TCP proxy in front of the live server that can stop answering without closing anything.

With `answering` false it still accepts connections and reads what the browser sends, and
never forwards it or answers: what a dead mobile connection or a stuck proxy looks like to the
app. Requests already forwarded get their answers; new ones wait for ever.
"""

import socket
import threading


class SilentProxy:
    def __init__(self, target_port: int):
        self.target_port = target_port
        self.answering = True
        self.listener = socket.create_server(("localhost", 0))
        self.port = self.listener.getsockname()[1]
        self.url = f"http://localhost:{self.port}"
        self.sockets: list[socket.socket] = []
        self.stopped = threading.Event()
        threading.Thread(target=self.accept, daemon=True).start()

    def accept(self) -> None:
        while not self.stopped.is_set():
            try:
                client, _ = self.listener.accept()
            except OSError:
                return
            self.sockets.append(client)
            threading.Thread(target=self.serve, args=(client,), daemon=True).start()

    def serve(self, client: socket.socket) -> None:
        upstream = None
        try:
            while not self.stopped.is_set():
                data = client.recv(65536)
                if not data:
                    return
                if not self.answering:
                    continue  # read and dropped: the request is never answered
                if upstream is None:
                    upstream = socket.create_connection(("localhost", self.target_port))
                    self.sockets.append(upstream)
                    threading.Thread(target=self.pump, args=(upstream, client),
                                     daemon=True).start()
                upstream.sendall(data)
        except OSError:
            return
        finally:
            for end in (client, upstream):
                if end is not None:
                    end.close()

    @staticmethod
    def pump(source: socket.socket, target: socket.socket) -> None:
        try:
            while data := source.recv(65536):
                target.sendall(data)
        except OSError:
            pass
        finally:
            target.close()

    def stop(self) -> None:
        self.stopped.set()
        self.listener.close()
        for end in self.sockets:
            try:
                end.close()
            except OSError:
                pass
