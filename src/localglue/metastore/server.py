"""A Hive metastore Thrift server on 127.0.0.1 whose catalog is the Glue Data Catalog moto holds.

Spark's built-in Hive 2.3 client (`spark.sql.catalogImplementation=hive`) connects to
`hive.metastore.uris=thrift://127.0.0.1:<port>` with Thrift's binary protocol over a plain (unframed,
unauthenticated) socket, Hive's defaults. Each connection gets a thread that serves its calls in order;
`stop()` closes the listening socket and every connection, and joins the threads.
"""

from __future__ import annotations

import logging
import socket
import threading
from collections.abc import Callable

from thrift.protocol.TBinaryProtocol import TBinaryProtocolAcceleratedFactory
from thrift.protocol.TProtocol import TProtocolBase
from thrift.Thrift import TApplicationException, TMessageType, TType
from thrift.transport import TSocket, TTransport

from hmsclient.genthrift.hive_metastore import ThriftHiveMetastore

from ..gateway.iam import Caller
from .handler import CatalogHandler, Dispatcher

log = logging.getLogger("localglue.metastore")

HOST = "127.0.0.1"
_ACCEPT_POLL_SECONDS = 0.2
_JOIN_SECONDS = 5.0


class _Processor(ThriftHiveMetastore.Processor):
    """Hive 2.3's processor; a call its IDL lacks is logged before Thrift answers UNKNOWN_METHOD."""

    def process(self, iprot: TProtocolBase, oprot: TProtocolBase) -> bool | None:
        name, message_type, seqid = iprot.readMessageBegin()
        if name not in self._processMap:
            log.warning("metastore call %s is not in Hive 2.3's metastore interface", name)
            iprot.skip(TType.STRUCT)
            iprot.readMessageEnd()
            error = TApplicationException(TApplicationException.UNKNOWN_METHOD, f"Unknown function {name}")
            oprot.writeMessageBegin(name, TMessageType.EXCEPTION, seqid)
            error.write(oprot)
            oprot.writeMessageEnd()
            oprot.trans.flush()
            return None
        self._processMap[name](self, seqid, iprot, oprot)
        return True


class MetastoreServer:
    """One metastore for one account and region; `start()` returns its `thrift://` URI, `stop()` ends it.

    With a `caller` (a job run's role under `--enforce-iam`), each call is authorized as Glue authorizes
    the action AWS's catalog client makes for it.
    """

    def __init__(self, account_id: str, region: str, caller: Caller | None = None):
        self.account_id = account_id
        self.region = region
        self.caller = caller
        self._processor = _Processor(Dispatcher(CatalogHandler(account_id, region, caller)))
        self._protocol = TBinaryProtocolAcceleratedFactory()
        self._listener: socket.socket | None = None
        self._stopping = threading.Event()
        self._threads: list[threading.Thread] = []
        self._connections: set[socket.socket] = set()
        self._lock = threading.Lock()
        self.uri = ""

    def start(self) -> str:
        if self._listener is not None:
            raise RuntimeError(f"the metastore at {self.uri} is already started")
        listener = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        listener.bind((HOST, 0))
        listener.listen(16)
        listener.settimeout(_ACCEPT_POLL_SECONDS)
        self._listener = listener
        self.uri = f"thrift://{HOST}:{listener.getsockname()[1]}"
        self._spawn(self._accept_loop, "metastore-accept")
        log.info(
            "Hive metastore for the Glue Data Catalog of %s/%s at %s", self.account_id, self.region, self.uri
        )
        return self.uri

    def stop(self) -> None:
        self._stopping.set()
        with self._lock:
            connections = list(self._connections)
            threads = list(self._threads)
        for connection in connections:
            try:
                connection.shutdown(socket.SHUT_RDWR)
            except OSError:
                pass  # the client has gone already
        for thread in threads:
            thread.join(_JOIN_SECONDS)
        if self._listener is not None:
            self._listener.close()

    def __enter__(self) -> MetastoreServer:
        self.start()
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.stop()

    def _spawn(self, target: Callable[..., None], name: str, *args: object) -> None:
        thread = threading.Thread(target=target, args=args, name=name, daemon=True)
        with self._lock:
            self._threads = [t for t in self._threads if t.is_alive()]
            self._threads.append(thread)
        thread.start()

    def _accept_loop(self) -> None:
        assert self._listener is not None
        while not self._stopping.is_set():
            try:
                connection, _ = self._listener.accept()
            except TimeoutError:
                continue
            except OSError:
                break
            connection.settimeout(None)
            with self._lock:
                self._connections.add(connection)
            self._spawn(self._serve, f"metastore-{connection.getpeername()[1]}", connection)

    def _serve(self, connection: socket.socket) -> None:
        client = TSocket.TSocket()
        client.setHandle(connection)
        transport = TTransport.TBufferedTransport(client)
        protocol = self._protocol.getProtocol(transport)
        try:
            while not self._stopping.is_set():
                self._processor.process(protocol, protocol)
        except (TTransport.TTransportException, OSError, EOFError):
            pass  # the client closed the connection, or stop() did
        except Exception:
            log.exception("metastore connection failed")
        finally:
            with self._lock:
                self._connections.discard(connection)
            transport.close()
