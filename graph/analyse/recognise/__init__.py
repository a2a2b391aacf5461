"""Mention recognisers, one spaCy component per entity type, and the overlap resolver.

Importing this package registers the factories:
``kg_place_recognizer``, ``kg_org_recognizer``, ``kg_person_recognizer``,
``kg_document_recognizer``, ``kg_campaign_recognizer``, ``kg_event_recognizer``,
``kg_mention_resolver``.
"""

from graph.analyse.recognise import campaigns, documents, events, orgs, overlaps, persons, places

__all__ = ["campaigns", "documents", "events", "orgs", "overlaps", "persons", "places"]
