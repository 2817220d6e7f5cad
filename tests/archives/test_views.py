"""The archive's pages: the button on a closed matter's page, the register, the entry with its
package, checking a package; outside the jurisdiction everything is 404 and nothing changes."""

import io

from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from finsup.archives.models import ArchiveEntry
from finsup.archives.package import package_build
from finsup.archives.services import matter_archive
from tests.inspections import helpers as h


def test_a_closed_inspection_is_archived_from_its_page(world, closed, client_for):
    page = reverse("inspections:detail", args=[closed.pk])
    action = reverse("archives:archive", args=["inspection", closed.pk])
    client = client_for(world.lanshan["clerk"])
    assert action in client.get(page).content.decode()
    answer = client.post(action)
    entry = ArchiveEntry.objects.get(kind="inspection", object_id=closed.pk)
    assert answer.status_code == 302 and answer["Location"] == reverse("archives:entry", args=[entry.pk])
    text = client.get(page).content.decode()
    assert entry.number in text and action not in text
    entry_page = client.get(answer["Location"]).content.decode()
    assert entry.number in entry_page and "定期30年" in entry_page and "卷内目录" in entry_page
    register = client.get(reverse("archives:register")).content.decode()
    assert entry.number in register and "现场检查" in register
    package = client.post(reverse("archives:package", args=[entry.pk]))
    assert package.status_code == 200 and package["Content-Type"] == "application/zip"
    upload = SimpleUploadedFile("p.zip", package.content, content_type="application/zip")
    checked = client.post(reverse("archives:verify"), {"package": upload}).content.decode()
    assert f"档案包 {entry.number} 校验通过" in checked


def test_the_inspector_sees_no_button_and_an_open_matter_is_refused_with_its_message(world, client_for):
    inspection = h.started(world.lanshan, world.inst_lanshan)
    action = reverse("archives:archive", args=["inspection", inspection.pk])
    assert (
        action
        not in client_for(world.lanshan["inspector"])
        .get(reverse("inspections:detail", args=[inspection.pk]))
        .content.decode()
    )
    client = client_for(world.lanshan["leader"])
    answer = client.post(action, follow=True)
    assert "尚未办结" in answer.content.decode()
    assert not ArchiveEntry.objects.exists()


def test_outside_the_jurisdiction_everything_is_404(world, closed, client_for):
    entry = matter_archive(by=world.lanshan["clerk"], kind="inspection", pk=closed.pk)
    client = client_for(world.luozhuang["leader"])
    assert client.get(reverse("archives:entry", args=[entry.pk])).status_code == 404
    assert client.post(reverse("archives:package", args=[entry.pk])).status_code == 404
    assert entry.number not in client.get(reverse("archives:register")).content.decode()
    other = h.started(world.lanshan, world.inst_lanshan)
    assert client.post(reverse("archives:archive", args=["inspection", other.pk])).status_code == 404
    assert client.post(reverse("archives:archive", args=["nonsense", other.pk])).status_code == 404
    assert ArchiveEntry.objects.count() == 1
    institution = client_for(world.clerk_lanshan_inst)
    assert institution.get(reverse("archives:entry", args=[entry.pk])).status_code == 404


def test_a_package_of_another_jurisdiction_is_not_found_by_its_checker(world, closed, client_for):
    entry = matter_archive(by=world.lanshan["clerk"], kind="inspection", pk=closed.pk)
    content = package_build(actor=world.lanshan["clerk"], entry=entry)
    upload = SimpleUploadedFile("p.zip", io.BytesIO(content).getvalue(), content_type="application/zip")
    text = client_for(world.luozhuang["clerk"]).post(reverse("archives:verify"), {"package": upload}).content.decode()
    assert f"没有档号为 {entry.number} 的档案" in text
