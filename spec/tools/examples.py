"""Extract the example requests/responses (code blocks) of each reference page."""
import json, re
from pathlib import Path
from docs_load import DOCS

def _blocks(lines, i):
    # code block body: indented lines after the directive
    j = i + 1
    while j < len(lines) and lines[j].strip() == '':
        j += 1
    body = []
    while j < len(lines) and (lines[j].startswith('   ') or lines[j].strip() == ''):
        body.append(lines[j][3:] if lines[j].startswith('   ') else '')
        j += 1
    while body and not body[-1].strip():
        body.pop()
    return '\n'.join(body), j

def extract(fname):
    lines = (DOCS / fname).read_text(encoding='utf-8').splitlines()
    section = None
    status = None
    out = {'requests': [], 'responses': []}
    prose = []
    i = 0
    while i < len(lines):
        s = lines[i].rstrip()
        if i + 1 < len(lines) and re.match(r'^[-=~^]{3,}$', lines[i+1].strip()) and s and not s.startswith(' '):
            low = s.lower()
            section = 'req' if ('example request' in low or 'request example' in low) else \
                      'resp' if ('example response' in low or 'response example' in low) else None
            status = None; prose = []
            i += 2; continue
        m = re.match(r'^\*\*Status code:?\s*\*?\*?:?\s*\*?\*?(\d{3})\*\*', s.strip())
        if m:
            status = m.group(1); i += 1; continue
        if section and s.strip().startswith('.. code-block::'):
            body, j = _blocks(lines, i)
            if section == 'req':
                first, _, rest = body.partition('\n')
                if not re.match(r'^(GET|POST|PUT|DELETE|PATCH)\s', first.strip()):
                    first, rest = '', body
                out['requests'].append({'line': first.strip(), 'body': rest.strip(), 'prose': ' '.join(prose)})
            else:
                out['responses'].append({'status': status, 'body': body.strip()})
            prose = []
            i = j; continue
        if section and s.strip():
            prose.append(s.strip())
        i += 1
    return out

if __name__ == '__main__':
    import sys
    from docs_load import load
    for o in load():
        ex = extract(o.file)
        for r in ex['requests']:
            ok = ''
            if r['body']:
                try: json.loads(r['body']); ok = 'json'
                except Exception as e: ok = 'BAD ' + str(e)[:60]
            print(o.op_id, 'REQ', r['line'][:70], ok, '|', r['prose'][:80])
        for r in ex['responses']:
            ok = ''
            if r['body']:
                try: json.loads(r['body']); ok = 'json'
                except Exception as e: ok = 'BAD ' + str(e)[:60]
            print(o.op_id, 'RESP', r['status'], ok)
