from ninja import NinjaAPI

api = NinjaAPI(title="finsup", version="1", urls_namespace="api")
