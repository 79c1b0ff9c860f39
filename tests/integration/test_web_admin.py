"""The administrator's user pages: list, filter, create, and Chinese messages next to the inputs."""

import re

from sqlalchemy import select

from fieldcollect.users.models import User
from tests.conftest import create_test_user
from tests.integration.test_web_auth import (
    csrf_token,
)


def listed_usernames(page: str) -> list[str]:
    return re.findall(r'<span class="meta">([^<]+)</span></span>', page)


def new_user(client, **fields):
    data = {"csrf_token": csrf_token(client, "/admin/users/new"), "username": "zhangsan",
            "display_name": "张三", "password": "long-enough-1", "role": "cadre", "region": "150602000000"}
    return client.post("/admin/users/new", data={**data, **fields})


def test_user_list_shows_names_roles_in_chinese_and_region_names(client, login_as):
    login_as("admin", username="admin")
    create_test_user("township_supervisor", username="zhen", display_name="镇督导")
    page = client.get("/admin/users").get_data(as_text=True)
    assert listed_usernames(page) == ["admin", "zhen"]
    assert "苏木乡镇督导 · 泊尔江海子镇" in page and "系统管理员 · 鄂尔多斯市" in page
    assert "共 2 人" in page


def test_user_list_filters_by_role_and_by_region_subtree(client, login_as):
    login_as("admin", username="admin")
    create_test_user("township_supervisor", username="dongsheng-town")
    create_test_user("banner_supervisor", "150621000000", username="dalate")
    create_test_user("cadre", username="village-cadre")
    by_role = client.get("/admin/users?role=township_supervisor").get_data(as_text=True)
    assert listed_usernames(by_role) == ["dongsheng-town"]
    by_region = client.get("/admin/users?region=150602000000").get_data(as_text=True)
    assert listed_usernames(by_region) == ["dongsheng-town", "village-cadre"]
    both = client.get("/admin/users?role=cadre&region=150621000000").get_data(as_text=True)
    assert listed_usernames(both) == [] and "没有符合条件的用户。" in both


def test_user_list_pages_by_fifty(client, login_as, db_session):
    login_as("admin", username="a-admin")
    for number in range(55):  # direct rows: hashing 55 passwords would only slow the test
        db_session.add(User(username=f"u{number:02d}", password_hash="x", role="cadre",
                            region_code="150602000000", display_name=f"干部{number}"))
    db_session.commit()
    first = client.get("/admin/users").get_data(as_text=True)
    assert len(listed_usernames(first)) == 50 and "第 1 / 2 页" in first
    second = client.get("/admin/users?page=2").get_data(as_text=True)
    assert listed_usernames(second) == ["u49", "u50", "u51", "u52", "u53", "u54"]


def test_create_user_adds_the_user_and_returns_to_the_list(client, login_as, db_session):
    login_as("admin")
    response = new_user(client)
    assert response.headers["Location"] == "/admin/users"
    page = client.get("/admin/users").get_data(as_text=True)
    assert "已创建用户 zhangsan。" in page
    user = db_session.scalar(select(User).where(User.username == "zhangsan"))
    assert (user.role, user.region_code, user.display_name) == ("cadre", "150602000000", "张三")


def field_error(page: str, field: str) -> str:
    return re.search(rf'<p class="field-error" id="{field}-error">([^<]+)</p>', page).group(1)


def test_taken_username_is_reported_next_to_the_username(client, login_as):
    login_as("admin", username="admin")
    response = new_user(client, username="admin")
    assert response.status_code == 400
    assert field_error(response.get_data(as_text=True), "username") == "用户名“admin”已存在。"


def test_wrong_region_level_is_reported_with_chinese_role_and_level_names(client, login_as):
    login_as("admin")
    response = new_user(client, role="township_supervisor", region="150602000000")
    assert field_error(response.get_data(as_text=True), "region") == \
        "角色“苏木乡镇督导”须对应苏木乡镇级区划，而“150602000000”是旗区级。"


def test_unknown_region_and_weak_password_are_reported(client, login_as):
    login_as("admin")
    page = new_user(client, region="150699999999").get_data(as_text=True)
    assert field_error(page, "region") == "未知区划代码“150699999999”。"
    page = new_user(client, password="short").get_data(as_text=True)
    assert field_error(page, "password") == "密码至少需要 8 个字符。"
    page = new_user(client, region="1506").get_data(as_text=True)
    assert field_error(page, "region") == "请输入12位区划代码。"


def test_new_user_form_has_labels_for_every_input_and_region_suggestions(client, login_as):
    login_as("admin")
    page = client.get("/admin/users/new").get_data(as_text=True)
    for name in ("username", "display_name", "password", "role", "region"):
        assert f'<label for="{name}">' in page
    assert '<option value="结对帮扶干部">' not in page
    assert '<option value="cadre">结对帮扶干部</option>' in page
    assert '<option value="150602100000">泊尔江海子镇</option>' in page


def test_user_pages_are_for_administrators_only(client, login_as):
    login_as("city_supervisor")
    assert client.get("/admin/users").status_code == 403
    assert client.get("/admin/users/new").status_code == 403


def test_create_user_without_csrf_token_is_refused(client, login_as, db_session):
    login_as("admin")
    response = client.post("/admin/users/new", data={"username": "sneaky", "password": "long-enough-1",
                                                     "role": "admin", "region": "150600000000"})
    assert response.status_code == 400
    assert db_session.scalar(select(User).where(User.username == "sneaky")) is None
