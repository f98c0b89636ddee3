# Reads ComfyUI's nodes.py with Python's own parser and prints, as JSON, every class that NODE_CLASS_MAPPINGS
# registers: its required and optional inputs (name -> type; a combo's choices when the source spells them out) and
# its RETURN_TYPES. Nothing is imported or run: ComfyUI needs torch, which is not here.
#   python3 node-list.py nodes.py comfy/comfy_types/node_typing.py comfy/samplers.py
# node_typing.py gives the IO enum (IO.STRING is "STRING"); samplers.py the sampler and scheduler names KSampler
# offers. Used by scripts/record-comfyui-nodes.ts; classes whose INPUT_TYPES is not a literal dict are listed.
import ast
import json
import sys


def parse(path):
    with open(path, encoding="utf-8") as f:
        return ast.parse(f.read())


tree, typing_tree, samplers_tree = (parse(p) for p in sys.argv[1:4])
classes = {n.name: n for n in tree.body if isinstance(n, ast.ClassDef)}


def assigned(body, name):
    return next(
        (
            st.value
            for st in body
            if isinstance(st, ast.Assign) and any(isinstance(t, ast.Name) and t.id == name for t in st.targets)
        ),
        None,
    )


IO = {
    st.targets[0].id: st.value.value
    for n in typing_tree.body
    if isinstance(n, ast.ClassDef) and n.name == "IO"
    for st in n.body
    if isinstance(st, ast.Assign) and isinstance(st.value, ast.Constant)
}


def names(node):
    """A module-level list in samplers.py: a literal, NAME + [literal], or list(DICT) (its keys)."""
    if isinstance(node, ast.Name):
        return names(assigned(samplers_tree.body, node.id))
    if isinstance(node, ast.List):
        return ast.literal_eval(node)
    if isinstance(node, ast.BinOp) and isinstance(node.op, ast.Add):
        return names(node.left) + names(node.right)
    if isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id == "list":
        d = assigned(samplers_tree.body, node.args[0].id)
        return [k.value for k in d.keys]
    raise ValueError(ast.dump(node))


SAMPLER_CLASS = next(n for n in samplers_tree.body if isinstance(n, ast.ClassDef) and n.name == "KSampler")


def class_attr(cls, name):
    """A literal class attribute (a list of choices, a tuple of types), looked up the class chain."""
    while cls is not None:
        for st in cls.body:
            if isinstance(st, ast.Assign) and any(isinstance(t, ast.Name) and t.id == name for t in st.targets):
                try:
                    return ast.literal_eval(st.value)
                except ValueError:
                    return None
        base = cls.bases[0].id if cls.bases and isinstance(cls.bases[0], ast.Name) else None
        cls = classes.get(base)
    return None


def return_types(cls):
    """RETURN_TYPES: a tuple of strings or of IO members."""
    while cls is not None:
        node = assigned(cls.body, "RETURN_TYPES")
        if node is not None:
            if not isinstance(node, ast.Tuple):
                return None
            out = []
            for e in node.elts:
                if isinstance(e, ast.Constant):
                    out.append(e.value)
                elif isinstance(e, ast.Attribute) and isinstance(e.value, ast.Name) and e.value.id == "IO":
                    out.append(IO[e.attr])
                else:
                    return None
            return out
        base = cls.bases[0].id if cls.bases and isinstance(cls.bases[0], ast.Name) else None
        cls = classes.get(base)
    return None


def method(cls, name):
    while cls is not None:
        for st in cls.body:
            if isinstance(st, ast.FunctionDef) and st.name == name:
                return st
        base = cls.bases[0].id if cls.bases and isinstance(cls.bases[0], ast.Name) else None
        cls = classes.get(base)
    return None


def input_type(cls, spec):
    """("INT", {...}) -> {"type": "INT"}; a list of choices (literal, class attribute or computed) -> COMBO."""
    if not isinstance(spec, (ast.Tuple, ast.List)) or not spec.elts:
        return None
    head = spec.elts[0]
    if isinstance(head, ast.Constant) and isinstance(head.value, str):
        return {"type": head.value}
    if isinstance(head, ast.Attribute) and isinstance(head.value, ast.Name) and head.value.id == "IO":
        return {"type": IO[head.attr]}
    if ast.unparse(head).startswith("comfy.samplers.KSampler."):
        return {"type": "COMBO", "choices": names(assigned(SAMPLER_CLASS.body, head.attr))}
    if isinstance(head, ast.List):
        try:
            return {"type": "COMBO", "choices": ast.literal_eval(head)}
        except ValueError:
            return {"type": "COMBO"}
    if isinstance(head, ast.Attribute) and isinstance(head.value, ast.Name) and head.value.id in ("s", "cls"):
        choices = class_attr(cls, head.attr)
        return {"type": "COMBO", "choices": choices} if isinstance(choices, list) else {"type": "COMBO"}
    return {"type": "COMBO"}


def returned_dict(fn):
    """The dict INPUT_TYPES returns: a literal in the return, or the literal last assigned to the returned name."""
    ret = next((st for st in reversed(fn.body) if isinstance(st, ast.Return)), None)
    if ret is None:
        return None
    if isinstance(ret.value, ast.Dict):
        return ret.value
    if isinstance(ret.value, ast.Name):
        for st in reversed(fn.body):
            if (
                isinstance(st, ast.Assign)
                and any(isinstance(t, ast.Name) and t.id == ret.value.id for t in st.targets)
                and isinstance(st.value, ast.Dict)
            ):
                return st.value
    return None


def section(cls, d, key):
    for k, v in zip(d.keys, d.values):
        if isinstance(k, ast.Constant) and k.value == key:
            if not isinstance(v, ast.Dict):
                return None
            out = {}
            for name, spec in zip(v.keys, v.values):
                if not isinstance(name, ast.Constant):
                    return None
                t = input_type(cls, spec)
                if t is None:
                    return None
                out[name.value] = t
            return out
    return {}


mapping = next(
    st.value
    for st in tree.body
    if isinstance(st, ast.Assign)
    and any(isinstance(t, ast.Name) and t.id == "NODE_CLASS_MAPPINGS" for t in st.targets)
)
nodes, unparsed = {}, []
for key, value in zip(mapping.keys, mapping.values):
    cls = classes.get(value.id) if isinstance(value, ast.Name) else None
    fn = method(cls, "INPUT_TYPES") if cls else None
    d = returned_dict(fn) if fn else None
    required = section(cls, d, "required") if d else None
    optional = section(cls, d, "optional") if d else None
    outputs = return_types(cls) if cls else None
    if required is None or optional is None or outputs is None:
        unparsed.append(key.value)
        continue
    nodes[key.value] = {"required": required, "optional": optional, "outputs": outputs}
json.dump({"nodes": nodes, "unparsed": unparsed}, sys.stdout, indent=1, sort_keys=True)
