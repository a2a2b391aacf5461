"""Take network access away from the current process (Linux seccomp, no privileges needed).

A query worker that may call no SERVICE endpoint gets this filter: creating any
socket other than a Unix one (the worker's pipe to the server is one) fails
with ``EACCES``, and so does ``io_uring_setup``. Whatever the lexer in
:mod:`graph.query.limits` might miss, the engine then cannot send a request,
not even a DNS lookup. The filter is inherited by threads and children and
cannot be lifted.

Only x86_64 and aarch64 are known; elsewhere :func:`deny_network` returns
False and the lexical check is the only guard.
"""

from __future__ import annotations

import ctypes
import platform
import struct

__all__ = ["deny_network", "supported"]

_PR_SET_NO_NEW_PRIVS = 38
_PR_SET_SECCOMP = 22
_SECCOMP_MODE_FILTER = 2
_LD_W_ABS, _JEQ_K, _RET_K = 0x20, 0x15, 0x06
_ALLOW = 0x7FFF0000
_DENY = 0x00050000 | 13  # SECCOMP_RET_ERRNO | EACCES
_AF_UNIX = 1
#: machine -> (AUDIT_ARCH_*, __NR_socket, __NR_io_uring_setup)
_ARCHES = {
    "x86_64": (0xC000003E, 41, 425),
    "aarch64": (0xC00000B7, 198, 425),
}


def supported() -> bool:
    """Whether this machine's system call numbers are known.

    >>> isinstance(supported(), bool)
    True
    """
    return platform.system() == "Linux" and platform.machine() in _ARCHES


def _program(arch: int, nr_socket: int, nr_io_uring: int) -> bytes:
    def op(code, jt, jf, k):
        return struct.pack("HBBI", code, jt, jf, k)

    return b"".join([
        op(_LD_W_ABS, 0, 0, 4),             # 0: A = seccomp_data.arch
        op(_JEQ_K, 0, 6, arch),             # 1: another ABI: allow (8)
        op(_LD_W_ABS, 0, 0, 0),             # 2: A = syscall number
        op(_JEQ_K, 3, 0, nr_io_uring),      # 3: io_uring_setup: deny (7)
        op(_JEQ_K, 0, 3, nr_socket),        # 4: not socket(): allow (8)
        op(_LD_W_ABS, 0, 0, 16),            # 5: A = socket()'s domain (low half of args[0])
        op(_JEQ_K, 1, 0, _AF_UNIX),         # 6: AF_UNIX: allow (8)
        op(_RET_K, 0, 0, _DENY),            # 7
        op(_RET_K, 0, 0, _ALLOW),           # 8
    ])


def deny_network() -> bool:
    """Install the filter in this process; True when it is in place."""
    if not supported():
        return False
    arch, nr_socket, nr_io_uring = _ARCHES[platform.machine()]
    code = _program(arch, nr_socket, nr_io_uring)
    buf = ctypes.create_string_buffer(code, len(code))

    class Prog(ctypes.Structure):
        _fields_ = [("len", ctypes.c_ushort), ("filter", ctypes.c_void_p)]

    prog = Prog(len(code) // 8, ctypes.cast(buf, ctypes.c_void_p))
    libc = ctypes.CDLL(None, use_errno=True)
    if libc.prctl(_PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) != 0:
        return False
    return libc.prctl(_PR_SET_SECCOMP, _SECCOMP_MODE_FILTER, ctypes.byref(prog), 0, 0) == 0
