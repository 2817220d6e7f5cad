"""Entries of a model that moved app keep their old label; a search by either label finds both."""

from finsup.audit.labels import same_model_labels


def test_the_incident_labels_are_one_group_both_ways():
    both = ["complaints.incident", "incidents.incident"]
    assert same_model_labels("incidents.incident") == both
    assert same_model_labels("complaints.incident") == both
    assert same_model_labels("complaints.complaint") == ["complaints.complaint"]
