"""Beraad's public Python API: everything a script needs, on top of one ``Node``.

```python
import asyncio
from beraad.api import Node

async def main():
    async with await Node.open("/tmp/anja", host="127.0.0.1") as anja, \
               await Node.open("/tmp/bart", host="127.0.0.1") as bart:
        invitation = await anja.create_session(title="Speelplein", focus="Hoe maken we het veilig?")
        session = await bart.join(invitation.code, address=anja.address)
        await bart.contribute(session, "knot.add", {"text": "Auto's rijden te snel"})
        await anja.wait_for(lambda: anja.state_hash(session) == bart.state_hash(session), 10)
        print(anja.state_hash(session))

asyncio.run(main())
```
"""

from beraad.events import (
    ForkDetected,
    NearbyChanged,
    NodeEvent,
    PeerJoined,
    PeerLeft,
    RecordArrived,
    RecordRefused,
    SessionJoined,
    SetAsideCounted,
    UnsignedSetAside,
)
from beraad.node import Invitation, Node, NodeError, PeerPresence, SessionSummary

__all__ = [
    "ForkDetected",
    "Invitation",
    "NearbyChanged",
    "Node",
    "NodeError",
    "NodeEvent",
    "PeerJoined",
    "PeerLeft",
    "PeerPresence",
    "RecordArrived",
    "RecordRefused",
    "SessionJoined",
    "SessionSummary",
    "SetAsideCounted",
    "UnsignedSetAside",
]
