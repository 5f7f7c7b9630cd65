"""The Textual app. It talks to the rest of beraad only through the node's API."""
