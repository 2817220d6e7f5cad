"""One filing sent through the web form, the Excel upload and the API gives the same stored result."""

from django.urls import reverse

from finsup.reporting.models import Submission

from .channels import REPORT, api_file, download_template, fill, pc_institution, token_for, upload
from .helpers import pc_figures


def test_form_excel_and_api_store_the_same_filing(db, client):
    figures = pc_figures()
    web_inst, web_user = pc_institution("pc_web")
    excel_inst, excel_user = pc_institution("pc_excel")
    api_inst, api_user = pc_institution("pc_api")

    client.force_login(web_user)
    response = client.post(reverse("reporting:file", args=[REPORT, "2026Q1"]), figures)
    assert response.status_code == 302, response.context["form"].errors

    client.force_login(excel_user)
    response = upload(client, fill(download_template(client, "2026Q1"), figures))
    assert response.status_code == 302, response.context.get("rejected") and response.context["rejected"].issues

    client.logout()
    response = api_file(client, token_for(api_user), "2026Q1", figures)
    assert response.status_code == 201, response.json()

    stored = {s.institution_id: s for s in Submission.objects.all()}
    web, excel, api = stored[web_inst.pk], stored[excel_inst.pk], stored[api_inst.pk]
    assert (web.channel, excel.channel, api.channel) == ("web", "excel", "api")
    assert web.values == excel.values == api.values
    assert web.report_version == excel.report_version == api.report_version == 2
    assert web.values["registered_capital_avg"] == "100000000.00"
    # The API gives every stored value as exact text.
    assert response.json()["values"] == {k: None if v is None else str(v) for k, v in web.values.items()}
