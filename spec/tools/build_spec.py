#!/usr/bin/env python3
"""Drafts spec/modelarts-data.yaml from the reference pages' tables (through the checker's
parser) plus the hand-written texts in notes_*.py. Facts (paths, types, required flags,
status codes, examples) come from the pages; every description comes from the notes.

    python3 spec/tools/build_spec.py          # writes spec/modelarts-data.yaml
"""
import json, re, sys
from pathlib import Path
from urllib.parse import urlsplit, parse_qsl
import yaml

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
from docs_load import load
from examples import extract
from notes_ops import TAGS, OPS, PAGINATION
from notes_schemas import OBJ_NAMES, SCHEMA_DESC, ENUMS, ENUM_FIELDS, TYPE_OVERRIDES, EXAMPLE_NAMES, EXTRA_FIELDS
from notes_fields import FIELD, PARAM

OUT = HERE.parent / 'modelarts-data.yaml'
missing = []


def camel(snake):
    return ''.join(p[:1].upper() + p[1:] for p in snake.split('_'))


def d_field(ctx, name):
    for k in (f'{ctx}.{name}', name):
        if k in FIELD:
            return FIELD[k]
    missing.append(f'{ctx}.{name}')
    return 'TODO'


def scalar(t):
    k = t.kind
    if k == 'string':
        return {'type': 'string'}
    if k == 'integer':
        return {'type': 'integer', 'format': 'int32'}
    if k == 'int64':
        return {'type': 'integer', 'format': 'int64'}
    if k == 'boolean':
        return {'type': 'boolean'}
    if k == 'number':
        raw = t.raw.lower()
        return {'type': 'number', 'format': 'float' if 'float' in raw else 'double'}
    raise ValueError(k)


# ---- object registry -------------------------------------------------------------
objects = {}      # doc name -> fields (first seen)
required = {}     # doc name -> set of mandatory field names (request side)


def collect(fields):
    for f in fields:
        t = f.type
        while t is not None:
            if t.fields is not None and t.ref_name:
                objects.setdefault(t.ref_name, t.fields)
                r = required.setdefault(t.ref_name, set())
                r.update(g.name for g in t.fields if g.mandatory)
                collect(t.fields)
            t = t.items


def type_schema(t, ctx, name):
    """Schema for a docs type found at field `name` of component `ctx`."""
    key = f'{ctx}.{name}'
    if key in TYPE_OVERRIDES:
        return json.loads(json.dumps(TYPE_OVERRIDES[key]))
    if key in ENUM_FIELDS:
        return {'$ref': f'#/components/schemas/{ENUM_FIELDS[key]}'}
    k = t.kind
    if k == 'array':
        items = type_schema(t.items, ctx, name + '[]') if t.items else {'type': 'string'}
        return {'type': 'array', 'items': items}
    if k == 'map':
        if t.items is None or t.items.kind == 'any':
            return {'type': 'object', 'additionalProperties': True}
        return {'type': 'object', 'additionalProperties': type_schema(t.items, ctx, name + '{}')}
    if k == 'object':
        return {'$ref': f'#/components/schemas/{OBJ_NAMES[t.ref_name]}'}
    if k == 'any':
        return {'type': 'object', 'additionalProperties': True}
    return scalar(t)


def object_schema(fields, ctx, req=None):
    props = {}
    for f in fields:
        s = type_schema(f.type, ctx, f.name)
        if '$ref' in s:
            # a reference stays pure (OpenAPI 3.0 ignores siblings of $ref); the
            # referenced component carries the description
            props[f.name] = s
            continue
        out = {}
        out.update(s)
        out['description'] = d_field(ctx, f.name)
        props[f.name] = out
    # fields the service sends (per a page's example) that the tables leave out
    for name, s in EXTRA_FIELDS.get(ctx, {}).items():
        out = json.loads(json.dumps(s))
        out['description'] = d_field(ctx, name)
        props[name] = out
    sch = {'type': 'object'}
    if SCHEMA_DESC.get(ctx):
        sch['description'] = SCHEMA_DESC[ctx]
    reqs = [f.name for f in fields if (f.name in req if req is not None else f.mandatory)]
    if reqs:
        sch['required'] = reqs
    sch['properties'] = props
    return sch


def param_schema(t, op_id, name):
    key = f'{op_id}?{name}'
    if key in TYPE_OVERRIDES:
        return json.loads(json.dumps(TYPE_OVERRIDES[key]))
    if key in ENUM_FIELDS:
        return {'$ref': f'#/components/schemas/{ENUM_FIELDS[key]}'}
    if t.kind == 'array':
        return {'type': 'array', 'items': scalar(t.items) if t.items else {'type': 'string'}}
    return scalar(t)


def d_param(op_id, where, name):
    for k in (f'{op_id}{where}{name}', f'{where}{name}'):
        if k in PARAM:
            return PARAM[k]
    missing.append(f'{op_id}{where}{name}')
    return 'TODO'


SHARED_PATH = {'project_id': 'ProjectId', 'dataset_id': 'DatasetId', 'workforce_task_id': 'WorkforceTaskId',
               'sample_id': 'SampleId', 'workforce_id': 'WorkforceId', 'worker_id': 'WorkerId',
               'label_name': 'LabelName'}
ERRORS = {
    '400': 'The request was malformed or a parameter value was rejected.',
    '401': 'The request carried no valid credentials.',
    '403': 'The caller may not perform this operation.',
    '404': None,
}
NOT_FOUND = {
    'datasets': 'The project or dataset does not exist.',
    'versions': 'The project, dataset or version does not exist.',
    'samples': 'The project, dataset or sample does not exist.',
    'labels': 'The project, dataset or label does not exist.',
    'import-export': 'The project, dataset or task does not exist.',
    'sync': 'The project or dataset does not exist.',
    'workforce': 'The project, team, member, dataset or team labeling task does not exist.',
    'processing': 'The project, processing task or version does not exist.',
    'auto-labeling': 'The project, dataset, sample or task does not exist.',
}


def conv_example_value(v, schema, comps):
    while '$ref' in schema:
        schema = comps[schema['$ref'].split('/')[-1]]
    t = schema.get('type')
    if t == 'integer':
        return int(v)
    if t == 'number':
        return float(v)
    if t == 'boolean':
        return v.lower() == 'true'
    if t == 'array':
        return v.split(',')
    return v


def main():
    seed = yaml.safe_load((HERE / 'seed.yaml.txt').read_text())
    ops = load()
    for o in ops:
        collect(o.request_body or [])
        for b in o.responses.values():
            collect(b)
    unknown = sorted(set(objects) - set(OBJ_NAMES))
    if unknown:
        sys.exit(f'unnamed objects: {unknown}')

    comps_schemas = {}
    comps_params = dict(seed['components']['parameters'])
    for pn in SHARED_PATH:
        cname = SHARED_PATH[pn]
        if cname not in comps_params:
            comps_params[cname] = {'name': pn, 'in': 'path', 'required': True,
                                   'description': PARAM['/' + pn], 'schema': {'type': 'string'}}
    paths = {}
    op_schemas = {}
    for o in ops:
        meta = OPS[o.op_id]
        base = camel(meta['rust']) if meta.get('rust') else o.op_id
        summ = meta['summary']
        item = {'tags': [meta['tag']], 'operationId': o.op_id}
        if meta.get('rust'):
            item['x-rust-name'] = meta['rust']
        item['summary'] = summ
        item['description'] = meta['desc']
        ex = extract(o.file)
        # parameters
        qex = {}
        for r in ex['requests']:
            if r['line']:
                url = r['line'].split(None, 1)[1]
                for k, v in parse_qsl(urlsplit(url).query.lstrip('?')):
                    qex.setdefault(k, v)
        params = []
        order = re.findall(r'\{([^}]+)\}', o.path)
        pp = {p.name: p for p in o.path_params}
        for pn in order:
            if pn in SHARED_PATH and f'{o.op_id}/{pn}' not in PARAM:
                params.append({'$ref': f'#/components/parameters/{SHARED_PATH[pn]}'})
            else:
                params.append({'name': pn, 'in': 'path', 'required': True,
                               'description': d_param(o.op_id, '/', pn),
                               'schema': param_schema(pp[pn].type, o.op_id, pn)})
        for q in o.query_params:
            p = {'name': q.name, 'in': 'query'}
            if q.mandatory:
                p['required'] = True
            p['description'] = d_param(o.op_id, '?', q.name)
            p['schema'] = param_schema(q.type, o.op_id, q.name)
            params.append(p)
            if q.name in qex:
                p['_ex'] = qex[q.name]
        if params:
            item['parameters'] = params
        # request body
        if o.request_body is not None:
            if meta.get('req_ref'):
                rname = meta['req_ref']
            else:
                rname = meta.get('req') or f'{base}Request'
                op_schemas[rname] = (o.request_body, 'req',
                                     f'Body of the request to {summ[0].lower() + summ[1:]}')
            media = {'schema': {'$ref': f'#/components/schemas/{rname}'}}
            bodies = [json.loads(r['body']) for r in ex['requests'] if r['body']]
            if len(bodies) == 1:
                media['example'] = bodies[0]
            elif len(bodies) > 1:
                names = EXAMPLE_NAMES[o.op_id]
                assert len(names) == len(bodies), o.op_id
                media['examples'] = {n: {'summary': s, 'value': b} for (n, s), b in zip(names, bodies)}
            item['requestBody'] = {'required': True, 'content': {'application/json': media}}
        # responses
        resps = {}
        for code in o.status_codes:
            if code.startswith('2'):
                r = {'description': meta['ok']}
                if code in o.responses and code != '204':
                    if meta.get('resp_ref'):
                        sname = meta['resp_ref']
                    else:
                        sname = meta.get('resp') or f'{base}Response'
                        op_schemas[sname] = (o.responses[code], 'resp',
                                             f'Answer to the request to {summ[0].lower() + summ[1:]}')
                    media = {'schema': {'$ref': f'#/components/schemas/{sname}'}}
                    exs = [e for e in ex['responses'] if e['status'] == code and e['body']]
                    if exs:
                        media['example'] = json.loads(exs[0]['body'])
                    r['content'] = {'application/json': media}
                resps[code] = r
            else:
                resps[code] = {'description': ERRORS.get(code) or meta.get('nf') or NOT_FOUND[meta['tag']]}
        item['responses'] = resps
        if o.op_id in PAGINATION:
            pg = PAGINATION[o.op_id]
            qnames = {q.name for q in o.query_params if not q.mandatory}
            assert pg.get('page', pg.get('offset')) in qnames and pg['limit'] in qnames, o.op_id
            item['x-pagination'] = dict(pg)
        paths.setdefault(o.path, {})[o.method.lower()] = item

    # component schemas: per-operation bodies, then shared objects, then enums
    for sname, (fields, side, auto) in op_schemas.items():
        SCHEMA_DESC.setdefault(sname, auto)
        comps_schemas[sname] = object_schema(fields, sname)
    for doc_name in sorted(objects, key=lambda n: OBJ_NAMES[n]):
        cname = OBJ_NAMES[doc_name]
        comps_schemas[cname] = object_schema(objects[doc_name], cname, required[doc_name])
        if cname not in SCHEMA_DESC:
            missing.append('schema ' + cname)
    for ename, e in ENUMS.items():
        s = {'type': e['type']}
        if e['type'] == 'integer':
            s['format'] = 'int32'
        assert len(e['texts']) == len(e['values']) == len(e['names']), ename
        s['description'] = e['desc']
        s['enum'] = e['values']
        if e['type'] == 'integer' or e.get('varnames'):
            s['x-enum-varnames'] = e['names']
        s['x-enum-descriptions'] = e['texts']  # one per value, on the Rust variant's rustdoc
        comps_schemas[ename] = s
    # query param examples typed after the schemas exist
    for pitem in paths.values():
        for op in pitem.values():
            for p in op.get('parameters', []):
                if '_ex' in p:
                    try:
                        p['example'] = conv_example_value(p.pop('_ex'), p['schema'], comps_schemas)
                    except ValueError:
                        pass

    doc = {
        'openapi': seed['openapi'],
        'info': seed['info'],
        'servers': seed['servers'],
        'security': seed['security'],
        'tags': [{'name': k, 'description': v} for k, v in TAGS.items()],
        'paths': paths,
        'components': {
            'securitySchemes': seed['components']['securitySchemes'],
            'parameters': comps_params,
            'schemas': comps_schemas,
        },
    }
    if missing:
        print('\n'.join(sorted(set(missing))), file=sys.stderr)
        print(f'{len(set(missing))} missing texts', file=sys.stderr)
    def _str(dumper, data):
        if '\n' in data:
            return dumper.represent_scalar('tag:yaml.org,2002:str', data, style='|')
        return dumper.represent_scalar('tag:yaml.org,2002:str', data)
    yaml.SafeDumper.add_representer(str, _str)
    OUT.write_text(yaml.safe_dump(doc, sort_keys=False, allow_unicode=True, width=100))


if __name__ == '__main__':
    main()
