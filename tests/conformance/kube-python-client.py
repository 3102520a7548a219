"""Drives a Kubernetes API server with the official Python client (Debian's python3-kubernetes).

Usage: /usr/bin/python3 kube-python-client.py KUBECONFIG NAMESPACE

Run by tests/conformance/kube-python.test.ts against the sandbox cluster and by
tests/real/clients-differential.test.ts against both the sandbox and a real kube-apiserver.
Prints one JSON document: a list of [step, result] pairs with no uid, resourceVersion or
timestamp in them, so that two servers can be compared as they are.
"""
import json
import sys
import threading

from kubernetes import client, config, watch
from kubernetes.client.rest import ApiException

kubeconfig, ns = sys.argv[1], sys.argv[2]
config.load_kube_config(config_file=kubeconfig)
api = client.ApiClient()
core = client.CoreV1Api(api)
net = client.NetworkingV1Api(api)
steps = []


def record(step, value):
    steps.append([step, value])


def failure(fn):
    """Calls fn, which must fail; returns the status code and the Status body's reason and message."""
    try:
        fn()
    except ApiException as e:
        body = json.loads(e.body) if e.body else {}
        return {"status": e.status, "reason": body.get("reason"), "message": body.get("message"), "kind": body.get("kind")}
    return {"status": "no error"}


def service(name, port, labels):
    return client.V1Service(
        metadata=client.V1ObjectMeta(name=name, labels=labels),
        spec=client.V1ServiceSpec(selector={"app": name}, ports=[client.V1ServicePort(port=port, target_port=8080)]),
    )


def shape(svc):
    s = svc.spec
    return {
        "name": svc.metadata.name,
        "labels": svc.metadata.labels,
        "type": s.type,
        "ports": [[p.port, p.protocol, str(p.target_port)] for p in s.ports],
        "sessionAffinity": s.session_affinity,
        "ipFamilyPolicy": s.ip_family_policy,
        "internalTrafficPolicy": s.internal_traffic_policy,
    }


core.create_namespace(client.V1Namespace(metadata=client.V1ObjectMeta(name=ns)))
record("namespace listed", ns in [n.metadata.name for n in core.list_namespace().items])

record("create", shape(core.create_namespaced_service(ns, service("py-a", 80, {"app": "py", "tier": "web"}))))
record("create again", failure(lambda: core.create_namespaced_service(ns, service("py-a", 80, {"app": "py"}))))
core.create_namespaced_service(ns, service("py-c", 82, {"app": "other"}))
record("get", shape(core.read_namespaced_service("py-a", ns)))
record("get missing", failure(lambda: core.read_namespaced_service("nope", ns)))

record("list by label", sorted(s.metadata.name for s in core.list_namespaced_service(ns, label_selector="app=py").items))
record("list by field", sorted(s.metadata.name for s in core.list_namespaced_service(ns, field_selector="metadata.name=py-c").items))
record("bad label selector", failure(lambda: core.list_namespaced_service(ns, label_selector="app in (")))

pages, token = [], None
while True:
    page = core.list_namespaced_service(ns, limit=1, _continue=token)
    pages.append([s.metadata.name for s in page.items])
    token = page.metadata._continue
    if not token:
        break
record("paged list", pages)

start = core.list_namespaced_service(ns).metadata.resource_version
core.create_namespaced_service(ns, service("py-b", 81, {"app": "py"}))
core.patch_namespaced_service("py-a", ns, {"metadata": {"labels": {"tier": "api"}}})
core.delete_namespaced_service("py-b", ns)

# Watch from a resourceVersion: exactly the three changes made after it, in order.
events = []
w = watch.Watch()
for ev in w.stream(core.list_namespaced_service, ns, resource_version=start, timeout_seconds=20):
    events.append([ev["type"], ev["object"].metadata.name, (ev["object"].metadata.labels or {}).get("tier")])
    if len(events) == 3:
        w.stop()
record("watch from resourceVersion", events)

# Watch without a resourceVersion: the current objects as ADDED, then a change made meanwhile.
seen = []
w2 = watch.Watch()


def later():
    core.create_namespaced_service(ns, service("py-d", 83, {"app": "py"}))


timer = None
for ev in w2.stream(core.list_namespaced_service, ns, label_selector="app=py", timeout_seconds=20):
    seen.append([ev["type"], ev["object"].metadata.name])
    if len(seen) == 1:
        timer = threading.Timer(0.2, later)
        timer.start()
    if ev["object"].metadata.name == "py-d":
        w2.stop()
record("watch from now", seen)

record("patched", shape(core.read_namespaced_service("py-a", ns)))
record("delete with wrong uid", failure(lambda: core.delete_namespaced_service(
    "py-a", ns, body=client.V1DeleteOptions(preconditions=client.V1Preconditions(uid="00000000-0000-0000-0000-000000000000")))))
deleted = core.delete_namespaced_service("py-a", ns)
record("delete", {"kind": deleted.kind, "status": getattr(deleted, "status", None) and "object"})
record("after delete", sorted(s.metadata.name for s in core.list_namespaced_service(ns).items))

ing = client.V1Ingress(
    metadata=client.V1ObjectMeta(name="py-ing"),
    spec=client.V1IngressSpec(rules=[client.V1IngressRule(host="py.example", http=client.V1HTTPIngressRuleValue(paths=[
        client.V1HTTPIngressPath(path="/", path_type="Prefix", backend=client.V1IngressBackend(
            service=client.V1IngressServiceBackend(name="py-c", port=client.V1ServiceBackendPort(number=82))))]))]),
)
created = net.create_namespaced_ingress(ns, ing)
record("ingress", {"generation": created.metadata.generation, "hosts": [r.host for r in created.spec.rules]})
record("invalid ingress", failure(lambda: net.create_namespaced_ingress(ns, client.V1Ingress(
    metadata=client.V1ObjectMeta(name="Bad_Name"), spec=client.V1IngressSpec()))))

print(json.dumps(steps, indent=1))
