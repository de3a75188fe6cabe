"Run nbdev's Quarto-free docs processing and check that every exported public symbol gets a show_doc section."
import importlib, json, re, sys
from pathlib import Path
from nbdev.config import get_config
from nbdev.serve import proc_nbs

def main():
    cfg = get_config()
    sys.path.insert(0, str(cfg.config_path))
    cache = proc_nbs(force=True)
    cells = []
    for nb in sorted(Path(cache).glob('*.ipynb')):
        for c in json.loads(nb.read_text())['cells']: cells.append((nb.name, c))
    if not cells: return sys.exit('docs processing produced no notebooks')
    documented = set()
    for name, c in cells:
        src = ''.join(c.get('source', ''))
        for m in re.finditer(r'show_doc\(\s*([A-Za-z_][\w.]*)', src):
            if c.get('cell_type') == 'code' and not c.get('outputs'): continue
            documented.add(m.group(1).split('.')[-1])
    missing, n = [], 0
    for py in sorted(Path(cfg.lib_path).glob('*.py')):
        if py.name.startswith('_'): continue
        mod = importlib.import_module(f'{cfg.lib_path.name}.{py.stem}')
        for sym in getattr(mod, '__all__', []):
            n += 1
            if sym not in documented: missing.append(f'{py.stem}.{sym}')
    print(f'processed {len({n for n,_ in cells})} notebooks; {n} exported symbols, {n-len(missing)} with a show_doc section')
    if missing: return sys.exit('no show_doc section for: ' + ', '.join(missing))

if __name__ == '__main__': main()
