"""Throwaway Postgres, Redis and nginx servers on free loopback ports, for the storage tests.

The servers are scripts/ops/scale_local.py's (what `make scale-local` starts), so the tests run
the same code path; here each lives in a temporary directory. A missing Debian package skips
the test that needs it.
"""

from __future__ import annotations

import shutil
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Dict, Optional, Sequence

import pytest

from scripts.ops import scale_local
from scripts.ops.scale_local import ScaleLocalError, Service, check_nginx_config, nginx_main_config  # noqa: F401
from tests.support.servers import ROOT

DEPLOY = ROOT / "deploy"


def require(package_binary: str, package: str, directories: Sequence[Path] = ()) -> str:
    try:
        return scale_local.find_binary(package_binary, package, directories)
    except ScaleLocalError as error:
        pytest.skip(str(error))


@dataclass
class Postgres:
    server: scale_local.Postgres

    @property
    def port(self) -> int:
        return self.server.port

    @property
    def user(self) -> str:
        return self.server.user

    @property
    def password(self) -> str:
        return self.server.password

    @property
    def database(self) -> str:
        return self.server.database

    @property
    def url(self) -> str:
        return self.server.url

    @property
    def process(self) -> Service:
        assert self.server.service is not None
        return self.server.service

    def start(self) -> None:
        self.server.start()

    def stop(self) -> None:
        self.server.stop()

    def remove(self) -> None:
        self.server.stop()
        shutil.rmtree(self.server.directory, ignore_errors=True)


def start_postgres(port: int, log_dir: Path, password: str = "pg-secret", database: Optional[str] = "rasa") -> Postgres:
    """A new cluster; `database` is created (None: only the `postgres` database exists)."""
    require("initdb", "postgresql", scale_local.postgres_bin_dirs())
    # Not under pytest's tmp_path: its parents are private to root, and the server runs as postgres.
    directory = Path(tempfile.mkdtemp(prefix="storage-pg-"))
    server = scale_local.Postgres(
        directory, port, password, log_dir / f"postgres-{port}.log", settings=("fsync=off", "synchronous_commit=off")
    )
    server.start()
    if database is not None:
        import psycopg2

        connection = psycopg2.connect(
            host="127.0.0.1", port=port, user=server.user, password=password, dbname="postgres"
        )
        connection.autocommit = True
        with connection.cursor() as cursor:
            cursor.execute(f'CREATE DATABASE "{database}"')
        connection.close()
        server.database = database
    return Postgres(server)


class Redis(scale_local.Redis):
    def __init__(self, port: int, password: str, log_dir: Path) -> None:
        super().__init__(port, password, log_dir, log_dir / f"redis-{port}.log")

    def start(self) -> "Redis":
        require("redis-server", "redis-server")
        super().start()
        return self


def render_nginx_config(rasa_ports: Dict[str, int], listen_port: int, load_test_addresses: Sequence[str] = ()) -> str:
    return scale_local.render_nginx_config(list(rasa_ports.values()), f"127.0.0.1:{listen_port}", load_test_addresses)


def start_nginx(
    directory: Path, rasa_ports: Dict[str, int], listen_port: int, load_test_addresses: Sequence[str] = ()
) -> Service:
    require("nginx", "nginx")
    return scale_local.start_nginx(
        directory, list(rasa_ports.values()), listen_port, directory / "nginx-stdout.log", load_test_addresses
    )
