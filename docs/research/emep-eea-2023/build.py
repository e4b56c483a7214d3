"""Build the per-source-group CSVs from the two EEA EF-database exports.
Inputs (not kept in this folder; directory given by EMEP_INPUTS, default /tmp/emep_inputs):
  .pega_EMEP_20260207.csv   = `git show e274bc7:db/EMEP_20260207.csv` in a snapshot of github atmoschem/pega
                              (EEA EMEP/EEA Guidebook 2023 EF database export, Feb 2026)
  .emep2019_efdb_sysdata.csv = `git show 3b1d5ce:R/sysdata.rda` in a snapshot of github ibarraespinosa/emep
                              (EEA EMEP/EEA Guidebook 2019 EF database export, May 2020), converted to CSV with the
                              `rdata` Python package: rdata.conversion.convert(rdata.parser.parse_file(f))['sysdata'].to_csv(..., index=False)
No value is typed by hand: every value comes from the 2023 export; the 2019 export is only compared.
"""
import csv, os, collections
D = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
IN = os.environ.get('EMEP_INPUTS', '/tmp/emep_inputs')
r23 = list(csv.DictReader(open(os.path.join(IN, '.pega_EMEP_20260207.csv'), encoding='utf-8-sig')))
r19 = list(csv.DictReader(open(os.path.join(IN, '.emep2019_efdb_sysdata.csv'), encoding='utf-8')))
SRC23 = 'github:atmoschem/pega@e274bc7:db/EMEP_20260207.csv (export of the EEA EMEP/EEA Guidebook 2023 emission-factor database)'
SRC19 = 'github:ibarraespinosa/emep@3b1d5ce:R/sysdata.rda (export of the EEA EMEP/EEA Guidebook 2019 emission-factor database)'
GB23 = 'https://www.eea.europa.eu/publications/emep-eea-guidebook-2023'
SPECIES = {'NOx': 'NOx', 'SOx': 'SO2', 'CO': 'CO', 'NMVOC': 'NMVOC', 'NH3': 'NH3', 'PM2.5': 'PM2.5', 'PM10': 'PM10', 'BC': 'BC', 'TSP': 'TSP'}
COLS = ['source_group', 'nfr_code', 'ipcc_category', 'fuel_or_activity', 'species', 'value', 'unit', 'lower', 'upper',
        'edition', 'chapter', 'table', 'page', 'confirmation', 'sources', 'note']

def t1(x):
    return x['Type'].lower().startswith('tier 1')

def norm(s):
    s = (s or '').replace('\u2019', "'").replace('\u2018', "'").replace("'", '').strip().lower()
    return '' if s in ('na', 'nan', 'none') else s

idx19 = collections.defaultdict(list)
for x in r19:
    idx19[(x['NFR'], norm(x['Fuel']), norm(x['Technology']), x['Pollutant'], x['Type'].lower()[:6])].append(x)

ALIAS19 = {'natural gas': 'gaseous fuels'}  # 2019 EFDB labels the 1.A.1.a natural-gas table 'Gaseous fuels'

def find19(x):
    k = (x['NFR'], norm(x['Fuel']), norm(x['Technology']), x['Pollutant'], x['Type'].lower()[:6])
    hit = idx19.get(k, [])
    if not hit and norm(x['Fuel']) in ALIAS19:
        hit = idx19.get((k[0], ALIAS19[norm(x['Fuel'])]) + k[2:], [])
    if len(hit) > 1 and x['Abatement']:
        same_ab = [y for y in hit if norm(y['Abatement']) == norm(x['Abatement'])]
        if same_ab:
            hit = same_ab
    return hit

def fmt(v):
    try:
        f = float(v)
        return ('%g' % f) if abs(f) < 1e6 else v
    except Exception:
        return v

def row(group, x, chapter, ipcc, activity, extra_note='', species=None):
    sp = species or SPECIES.get(x['Pollutant'], x['Pollutant'])
    notes = []
    same = [y for y in find19(x) if y['Table'] == x['Table']]
    anyt = find19(x)
    v23 = float(x['Value'])
    c19 = ''
    if anyt:
        vals = sorted(set(fmt(y['Value']) for y in anyt))
        eq = [y for y in anyt if abs(float(y['Value']) - v23) < 1e-9 * max(1, abs(v23))]
        if eq and len(vals) == 1:
            c19 = '2019 EFDB export has the same value (%s %s)' % (eq[0]['Table'], eq[0]['Unit'])
            edition = '2023 (unchanged from 2019)'
        elif eq:
            c19 = '2019 EFDB export holds this value among several rows (%s)' % '/'.join(vals)
            edition = '2023'
        else:
            c19 = '2019 EFDB export differs: %s (%s)' % ('/'.join(vals), anyt[0]['Table'])
            edition = '2023 (changed from 2019)'
    else:
        edition = '2023 (not in 2019 EFDB export)'
    if x['Abatement']:
        notes.append('EFDB abatement/qualifier field: %s' % x['Abatement'])
    if x['Reference']:
        notes.append('guidebook reference column: %s' % x['Reference'].replace('\n', ' '))
    if x['Pollutant'] == 'SOx':
        notes.append('guidebook species SOx (reported as SO2)')
    if extra_note:
        notes.append(extra_note)
    if c19:
        notes.append(c19)
    srcs = [SRC23] + ([SRC19] if anyt else [])
    return {'source_group': group, 'nfr_code': x['NFR'], 'ipcc_category': ipcc, 'fuel_or_activity': activity,
            'species': sp, 'value': fmt(x['Value']), 'unit': x['Unit'], 'lower': fmt(x['CI_lower']), 'upper': fmt(x['CI_upper']),
            'edition': edition, 'chapter': chapter, 'table': x['Table'].replace('Table_', 'Table ').replace('_', '/'),
            'page': 'page not confirmed', 'confirmation': 'single', 'sources': '; '.join(srcs), 'note': ' | '.join(notes)}

WANT = {'NOx', 'SOx', 'CO', 'NMVOC', 'NH3', 'PM2.5', 'PM10', 'BC'}
ORDER = ['NOx', 'SO2', 'CO', 'NMVOC', 'NH3', 'PM2.5', 'PM10', 'BC', 'TSP']

def pick(nfr, table, fuel=None, tech=None, want=WANT, abat_ok=('',)):
    out = []
    for x in r23:
        if x['NFR'] == nfr and t1(x) and x['Table'] == table and x['Pollutant'] in want \
           and (fuel is None or x['Fuel'] == fuel) and (tech is None or x['Technology'] == tech) \
           and x['Abatement'] in abat_ok:
            out.append(x)
    return out

# ---- independent transcriptions found with find_string/read_file (repository/path not exposed by the index; cited by index id) ----
ZAG = ('github file, index id 70143784645 (JavaScript air-quality app for Zagreb; const EM_HEAT_EF "g/GJ, EMEP/EEA 2023 1.A.4.b.i Tier 1", '
       'comment cites Tables 3-4, 3-5, 3-6)')
UZB = ('github file, index id 71547441897 (Python household-heating module for Tashkent; dict EMEP_1A4B_EF "Tier 1 g/GJ", '
       'cites EMEP/EEA 2023 1.A.4 Small combustion, Table 3-3 and the gas table)')
AGRI_NH3 = ('github file, index id 70342671577 (Python package agritool, emissions/eea_emep_2023 ammonia module; '
            '"EMEP/EEA Guidebook 2023, Chapter 3.D, section 3.4.1, Table 3-2", g NH3/kg N)')
AGRI_NOX = ('github file, index id 70538171415 (Python package agritool, emissions/eea_emep_2023 nitrogen_oxides module; '
            '"EMEP/EEA Guidebook 2023, Chapter 3.D, section 3.3.2, Table 3-1", 0.04 kg NO2/kg N)')
CONFIRM = {
    ('1.A.4.b.i', 'Table_3-4', 'NOx'): (51, [ZAG, UZB]), ('1.A.4.b.i', 'Table_3-4', 'CO'): (26, [ZAG, UZB]),
    ('1.A.4.b.i', 'Table_3-4', 'PM10'): (1.2, [ZAG, UZB]), ('1.A.4.b.i', 'Table_3-4', 'PM2.5'): (1.2, [ZAG, UZB]),
    ('1.A.4.b.i', 'Table_3-4', 'SOx'): (0.3, [UZB]),
    ('1.A.4.b.i', 'Table_3-5', 'NOx'): (51, [ZAG]), ('1.A.4.b.i', 'Table_3-5', 'CO'): (57, [ZAG]),
    ('1.A.4.b.i', 'Table_3-5', 'PM10'): (1.9, [ZAG]), ('1.A.4.b.i', 'Table_3-5', 'PM2.5'): (1.9, [ZAG]),
    ('1.A.4.b.i', 'Table_3-6', 'NOx'): (50, [ZAG]), ('1.A.4.b.i', 'Table_3-6', 'CO'): (4000, [ZAG]),
    ('1.A.4.b.i', 'Table_3-6', 'PM10'): (760, [ZAG]), ('1.A.4.b.i', 'Table_3-6', 'PM2.5'): (740, [ZAG]),
    ('1.A.4.b.i', 'Table_3-3', 'NOx'): (110, [UZB]), ('1.A.4.b.i', 'Table_3-3', 'CO'): (4600, [UZB]),
    ('1.A.4.b.i', 'Table_3-3', 'SOx'): (900, [UZB]), ('1.A.4.b.i', 'Table_3-3', 'PM2.5'): (398, [UZB]),
    ('1.A.4.b.i', 'Table_3-3', 'PM10'): (404, [UZB]),
}
AGRI_T2 = {('Urea', 'Normal pH'): 195, ('Urea', 'High pH'): 206, ('AN', 'Normal pH'): 24, ('AN', 'High pH'): 52,
           ('Ammonium phosphate (AP)', 'Normal pH'): 84, ('Ammonium phosphate (AP)', 'High pH'): 187,
           ('AS', 'Normal pH'): 84, ('AS', 'High pH'): 187, ('CAN', 'Normal pH'): 24, ('CAN', 'High pH'): 52,
           ('NPK mixtures', 'Normal pH'): 84, ('NPK mixtures', 'High pH'): 187,
           ('N solutions', 'Normal pH'): 87, ('N solutions', 'High pH'): 161}

def confirm(d, x, extra=None):
    """Mark a row two_sources when an independent transcription gives the same value; record conflicts."""
    ent = extra if extra is not None else CONFIRM.get((x['NFR'], x['Table'], x['Pollutant']))
    if not ent:
        return d
    val, srcs = ent
    if abs(float(x['Value']) - float(val)) < 1e-9:
        d['confirmation'] = 'two_sources'
        d['sources'] = d['sources'] + '; ' + '; '.join(srcs)
        d['note'] = (d['note'] + ' | ' if d['note'] else '') + 'independent transcription(s) agree: %d' % len(srcs)
    else:
        d['note'] = (d['note'] + ' | ' if d['note'] else '') + 'CONFLICT: independent transcription gives %s (%s)' % (val, '; '.join(srcs))
    return d

rows = collections.defaultdict(list)
missing = []

# ---------------- stationary ----------------
CH_1A1 = 'GB2023 1.A.1 Energy industries'
CH_1A2 = 'GB2023 1.A.2 Manufacturing industries and construction (combustion)'
CH_1A4 = 'GB2023 1.A.4 Small combustion (1.A.4.a.i, 1.A.4.b.i, 1.A.4.c.i, 1.A.5.a)'
stat = [
    ('1.A.1.a', 'Table_3-2', 'Hard Coal', CH_1A1, '1.A.1.a', 'hard coal (public electricity and heat)'),
    ('1.A.1.a', 'Table_3-4', 'Natural gas', CH_1A1, '1.A.1.a', 'natural gas (public electricity and heat)'),
    ('1.A.1.a', 'Table_3-6', 'Heavy Fuel Oil', CH_1A1, '1.A.1.a', 'heavy fuel oil / residual fuel oil (public electricity and heat)'),
    ('1.A.1.a', 'Table_3-7', 'Gas oil', CH_1A1, '1.A.1.a', 'gas oil (public electricity and heat)'),
    ('1.A.1.a', 'Table_3-8', 'Biomass', CH_1A1, '1.A.1.a', 'biomass (public electricity and heat)'),
    ('1.A.2.g.viii', 'Table_3-2', 'Solid Fuels', CH_1A2, '1.A.2', 'solid fuels (manufacturing industries; same Tier 1 table for 1.A.2.a-e and 1.A.2.g.viii)'),
    ('1.A.2.g.viii', 'Table_3-3', 'Gaseous Fuels', CH_1A2, '1.A.2', 'gaseous fuels (manufacturing industries; same table for 1.A.2.a-e, g.viii)'),
    ('1.A.2.g.viii', 'Table_3-4', "'Other' Liquid Fuels", CH_1A2, '1.A.2', "'other' liquid fuels (manufacturing industries; same table for 1.A.2.a-e, g.viii)"),
    ('1.A.2.g.viii', 'Table_3-5', 'Biomass', CH_1A2, '1.A.2', 'biomass (manufacturing industries; same table for 1.A.2.a-e, g.viii)'),
    ('1.A.4.b.i', 'Table_3-3', 'Hard Coal and Brown Coal', CH_1A4, '1.A.4.b', 'hard coal and brown coal (residential)'),
    ('1.A.4.b.i', 'Table_3-4', 'Gaseous Fuels', CH_1A4, '1.A.4.b', 'gaseous fuels (residential)'),
    ('1.A.4.b.i', 'Table_3-5', "'Other' Liquid Fuels", CH_1A4, '1.A.4.b', "'other' liquid fuels (residential)"),
    ('1.A.4.b.i', 'Table_3-6', 'Biomass', CH_1A4, '1.A.4.b', 'biomass (residential)'),
    ('1.A.4.a.i', 'Table_3-7', 'Hard Coal and Brown Coal', CH_1A4, '1.A.4.a / 1.A.4.c', 'hard coal and brown coal (non-residential: commercial/institutional, agriculture/forestry/fishing stationary; same table for 1.A.4.c.i, 1.A.5.a)'),
    ('1.A.4.a.i', 'Table_3-8', 'Gaseous Fuels', CH_1A4, '1.A.4.a / 1.A.4.c', 'gaseous fuels (non-residential; same table for 1.A.4.c.i, 1.A.5.a)'),
    ('1.A.4.a.i', 'Table_3-9', 'Liquid Fuels', CH_1A4, '1.A.4.a / 1.A.4.c', 'liquid fuels (non-residential; same table for 1.A.4.c.i, 1.A.5.a)'),
    ('1.A.4.a.i', 'Table_3-10', 'Biomass', CH_1A4, '1.A.4.a / 1.A.4.c', 'biomass (non-residential; same table for 1.A.4.c.i, 1.A.5.a)'),
]
for nfr, tab, fuel, ch, ipcc, act in stat:
    xs = pick(nfr, tab, fuel, abat_ok=('', 'US Region', 'EU Region'))
    got = set()
    for x in xs:
        en = ''
        if 'Gaseous' in fuel:
            en = 'EFDB fuel label "Gaseous Fuels"; whether LPG falls under this table is stated in the chapter text, not read here'
        if "Liquid" in fuel:
            en = 'EFDB fuel label "%s" (gas oil / light fuel oil class); residual fuel oil applicability not read here' % fuel
        rows['stationary'].append(confirm(row('stationary', x, ch, ipcc, act, en), x))
        got.add(SPECIES[x['Pollutant']])
    for sp in ['NOx', 'SO2', 'CO', 'NMVOC', 'NH3', 'PM2.5', 'PM10', 'BC']:
        if sp not in got:
            missing.append(('stationary', sp, '%s %s %s' % (nfr, tab.replace('_', ' '), act),
                            'EEA EF database export 2023 (atmoschem/pega db/EMEP_20260207.csv): no Tier 1 %s row in this table; code and pages search (find_string/search) found no other transcription' % sp))
# rice husk
for sp in ['NOx', 'SO2', 'CO', 'NMVOC', 'NH3', 'PM2.5', 'PM10', 'BC']:
    missing.append(('stationary', sp, 'rice husk (any 1.A.1/1.A.2/1.A.4 table)',
                    'no rice-husk fuel in the Tier 1 tables of the 2023 or 2019 EF database exports (Tier 1 biomass tables are generic "Biomass"); searched code and pages corpora for "rice husk" EMEP Tier 1: nothing'))
# LPG stationary
missing.append(('stationary', 'all', 'LPG as a separate stationary fuel', 'no Tier 1 table labelled LPG in 1.A.1/1.A.2/1.A.4 of either EFDB export; see "Gaseous Fuels" rows (applicability to LPG not confirmed from chapter text)'))

# ---------------- road ----------------
CH_RT = 'GB2023 1.A.3.b.i-iv Road transport (exhaust), Tier 1'
road = [('1.A.3.b.i', '_01', 'Petrol', 'passenger cars, petrol (gasoline)'), ('1.A.3.b.i', '_02', 'Diesel', 'passenger cars, diesel'),
        ('1.A.3.b.i', '_03', 'LPG', 'passenger cars, LPG'), ('1.A.3.b.ii', '_04', 'Petrol', 'light commercial vehicles, petrol'),
        ('1.A.3.b.ii', '_05', 'Diesel', 'light commercial vehicles, diesel'), ('1.A.3.b.iii', '_06', 'Diesel', 'heavy-duty vehicles incl. buses, diesel'),
        ('1.A.3.b.iii', '_07', 'CNG (Buses)', 'heavy-duty vehicles, CNG buses'), ('1.A.3.b.iv', '_08', 'Petrol', 'L-category (mopeds and motorcycles), petrol')]
for nfr, suf, fuel, act in road:
    got = set()
    for base in ['Table_3-5', 'Table_3-6', 'Table_3-7']:
        for x in pick(nfr, base + suf, fuel, want=WANT | {'TSP'}):
            en = ''
            if x['Pollutant'] == 'TSP':
                en = 'EFDB lists exhaust PM of this Tier 1 table as TSP; the EFDB CI fields for this row look malformed (lower = value, upper < value), kept as exported; PM2.5/PM10 split not given as separate rows'
            rows['road'].append(row('road', x, CH_RT, '1.A.3.b', act, en))
            got.add(SPECIES[x['Pollutant']])
    for sp in ['NOx', 'SO2', 'CO', 'NMVOC', 'NH3', 'PM2.5', 'PM10', 'BC']:
        if sp not in got:
            why = {'SO2': 'no Tier 1 SO2 row in the EFDB 2023 export (road SO2 is usually derived from fuel sulphur content; chapter text not read)',
                   'PM2.5': 'EFDB gives exhaust PM only as TSP for Tier 1; no separate PM2.5 row',
                   'PM10': 'EFDB gives exhaust PM only as TSP for Tier 1; no separate PM10 row',
                   'BC': 'no Tier 1 BC row in the EFDB 2023 export for road'}.get(sp, 'no Tier 1 row in the EFDB 2023 export')
            missing.append(('road', sp, '%s %s' % (nfr, act), why + '; code/pages search found no independent transcription'))
missing.append(('road', 'all', 'LPG light commercial / LPG motorcycles', 'Tier 1 road table has LPG only for passenger cars (EFDB 2023 Tables 3-5_03..3-7_03)'))
missing.append(('road', 'all', 'mopeds vs motorcycles split; 2-stroke vs 4-stroke', 'Tier 1 table gives one "L-category, petrol" row; no split in EFDB 2023 export'))

# ---------------- navigation ----------------
CH_NAV = 'GB2023 1.A.3.d, 1.A.4.c.iii, 1.A.5.b Navigation (shipping)'
for tab, fuel, act in [('Table_3-2', 'Marine diesel oil/marine gas oil (MDO/MGO)', 'marine diesel oil / marine gas oil (MDO/MGO), fishing vessels'),
                       ('Table_3-1', 'Bunker Fuel Oil', 'bunker fuel oil (residual), fishing vessels')]:
    got = set()
    for x in pick('1.A.4.c.iii', tab, fuel, want=WANT | {'TSP'}):
        if x['Pollutant'] == 'TSP':
            continue
        en = 'same value in EFDB 2023 for 1.A.3.d.ii national navigation and 1.A.5.b'
        if x['Pollutant'] == 'SOx':
            en += '; EFDB reference column says the value 20 should read 20 x S (fuel sulphur content in %% by mass), i.e. 20 is not a fixed factor'
        rows['navigation'].append(row('navigation', x, CH_NAV, '1.A.4.c.iii', act, en))
        got.add(SPECIES[x['Pollutant']])
    for sp in ['NOx', 'SO2', 'CO', 'NMVOC', 'NH3', 'PM2.5', 'PM10', 'BC']:
        if sp not in got:
            missing.append(('navigation', sp, '1.A.4.c.iii %s' % act, 'no Tier 1 row in the EFDB 2023 export; code search found nothing'))
for x in pick('1.A.3.d.ii', 'Table_3-3', 'Gasoline', want=WANT):
    rows['navigation'].append(row('navigation', x, CH_NAV, '1.A.3.d.ii', 'gasoline, national navigation (small craft)', ''))

# ---------------- off-road ----------------
CH_NR = 'GB2023 1.A.2.g.vii, 1.A.4.a.ii, 1.A.4.b.ii, 1.A.4.c.ii, 1.A.5.b Non-road mobile sources and machinery, Tier 1'
for nfr, tab, act, en in [('1.A.4.c.ii', 'Table_3-1_01', 'diesel, agriculture/forestry machinery (EFDB sub-table 3-1_01)', 'EFDB splits 1.A.4.c.ii diesel into sub-tables 3-1_01 and 3-1_02 without a label; which is agriculture and which forestry is not confirmed here'),
                          ('1.A.4.c.ii', 'Table_3-1_02', 'diesel, agriculture/forestry machinery (EFDB sub-table 3-1_02)', 'see note on sub-table 3-1_01'),
                          ('1.A.2.g.vii', 'Table_3-1_03', 'diesel, industry/construction machinery', 'same value in EFDB 2023 for 1.A.4.a.ii'),
                          ('1.A.4.c.ii', 'Table_3-1_06', 'gasoline four-stroke machinery', ''),
                          ('1.A.4.c.ii', 'Table_3-1_07', 'gasoline two-stroke machinery', ''),
                          ('1.A.4.c.ii', 'Table_3-1_05', 'LPG machinery', '')]:
    got = set()
    for x in pick(nfr, tab, want=WANT | {'TSP'}):
        if x['Pollutant'] == 'TSP':
            continue
        rows['offroad'].append(row('offroad', x, CH_NR, nfr, act, en))
        got.add(SPECIES[x['Pollutant']])
    for sp in ['NOx', 'SO2', 'CO', 'NMVOC', 'NH3', 'PM2.5', 'PM10', 'BC']:
        if sp not in got:
            missing.append(('offroad', sp, '%s %s' % (nfr, act), 'no Tier 1 row in the EFDB 2023 export (chapter text not read)'))

# ---------------- burning ----------------
CH_5C2 = 'GB2023 5.C.2 Open burning of waste'
got = set()
for x in pick('5.C.2', 'Table_3-1', want=WANT):
    rows['burning'].append(row('burning', x, CH_5C2, '4.C.2', 'open burning of waste (per Mg waste burnt)', 'EFDB 2023 reference column cites Jenkins et al. (1996a), i.e. the Tier 1 factors derive from agricultural-waste burning tests'))
    got.add(SPECIES[x['Pollutant']])
for sp in ['NOx', 'SO2', 'CO', 'NMVOC', 'NH3', 'PM2.5', 'PM10', 'BC']:
    if sp not in got:
        missing.append(('burning', sp, '5.C.2 open burning of waste', 'no Tier 1 row in EFDB 2023 export Table 3-1'))
for sp in ['NOx', 'SO2', 'CO', 'NMVOC', 'NH3', 'PM2.5', 'PM10', 'BC']:
    missing.append(('burning', sp, '3.F field burning of agricultural residues (crop residue, rice straw)',
                    'chapter 3.F is not in either EEA EF database export (no 3.F rows in 2023 or 2019); pages corpus holds only the opening pages of older 3.F chapter copies (scribd 187893260, Tier 1 section not reached); code search found no transcription of the 3.F Tier 1 table'))

# ---------------- agriculture NH3 ----------------
CH_3B = 'GB2023 3.B Manure management'
CH_3D = 'GB2023 3.D Crop production and agricultural soils'
animals = [('3.B.1.a', 'Dairy cows'), ('3.B.1.b', None), ('3.B.3', None), ('3.B.4.a', 'Buffalo'), ('3.B.4.g.i', None), ('3.B.4.g.ii', None), ('3.B.4.g.iv', None), ('3.B.2', 'Sheep'), ('3.B.4.d', 'Goats')]
for nfr, tech in animals:
    grp = collections.defaultdict(list)
    for x in r23:
        if t1(x) and x['Table'] == 'Table_3-2' and x['Pollutant'] == 'NH3' and (x['NFR'] == nfr or (nfr == '3.B.4.g.ii' and x['NFR'] == '3.B.4.g.Ii')):
            grp[(x['Fuel'], x['Technology'])].append(x)
    for (mm, an), xs in grp.items():
        for x in xs:
            stage = x['Abatement'] or 'stage not given'
            act = '%s, %s manure [%s]' % (an, mm.lower() or 'n/a', stage)
            if stage == 'Total':
                en = ('Tier 1 Table 3-2, column "Total" (EFDB abatement field) = housing, storage and yards + manure application + grazing; '
                      'the 3.B (manure management) part alone is the "Housing, storage and yards" row; application is reported under 3.D.a.2.a, grazing under 3.D.a.3')
            else:
                en = ('Tier 1 Table 3-2, column "%s" (EFDB abatement field); this is the part reported under 3.B' % stage)
            rows['agriculture_nh3'].append(row('agriculture_nh3', x, CH_3B, '3.A/3.B (NH3 under 3.B in NFR)', act, en))
        for x in r23:
            if t1(x) and x['Table'] == 'Table_3-2' and x['Pollutant'] == 'NH3' and x['NFR'] in ('3.D.a.2', '3.D.a.3', '3.D.a.1') and x['Fuel'] == mm \
               and (norm(x['Technology']) == norm(an) or norm(x['Technology']).split('(')[0].strip() == norm(an).split('(')[0].strip()
                    or norm(x['Technology']) == 'other poultry (%s)' % norm(an)):
                stage = x['Abatement'] or 'stage not given'
                en = 'same Tier 1 Table 3-2 of chapter 3.B, column "%s" (EFDB abatement field); reported under %s' % (stage, x['NFR'])
                if x['NFR'] == '3.D.a.1':
                    en += ' (the EFDB export gives NFR 3.D.a.1 here, which looks like a mislabel of 3.D.a.2.a)'
                rows['agriculture_nh3'].append(row('agriculture_nh3', x, CH_3B, '3.D (soils)', '%s, %s manure [%s]' % (an, mm.lower(), stage), en))
# fertiliser
for x in pick('3.D.a.1', 'Table_3-1', want={'NH3'}):
    rows['agriculture_nh3'].append(row('agriculture_nh3', x, CH_3D, '3.C.4/3.D (inorganic N fertiliser)', 'inorganic N fertilisers, all types (Tier 1)', 'Tier 1 single factor for all inorganic N fertilisers'))
for x in r23:
    if x['NFR'] == '3.D.a.1' and x['Pollutant'] == 'NH3' and x['Type'].lower().startswith('tier 2') and x['Table'] == 'Table_3-2' and x['Technology'] in ('Urea', 'AS', 'AN', 'CAN', 'NPK mixtures', 'Ammonium phosphate (AP)', 'N solutions'):
        rr = row('agriculture_nh3', x, CH_3D, '3.C.4/3.D (inorganic N fertiliser)', 'inorganic N fertiliser: %s, %s' % (x['Technology'], x['Abatement'] or 'n/a'),
                 'TIER 2 factor (not Tier 1), given because the brief asks for urea; EFDB abatement field holds the soil-pH class')
        k = (x['Technology'], x['Abatement'])
        if k in AGRI_T2:
            rr = confirm(rr, x, (AGRI_T2[k], [AGRI_NH3]))
        rows['agriculture_nh3'].append(rr)
# fertiliser NOx (Tier 1), EFDB labels the pollutant NO and the unit 'kg NH3 kg-1 fertiliser N applied' (label glitch)
for x in pick('3.D.a.1', 'Table_3-1', want={'NO'}):
    rr = row('agriculture_nh3', x, CH_3D, '3.C.4/3.D (inorganic N fertiliser)', 'inorganic N fertilisers, all types (Tier 1) - NOx from soils',
             'EFDB export labels the pollutant "NO" and the unit "kg NH3 kg-1 fertiliser N applied" (evident label error); agritool transcription gives 0.04 kg NO2/kg N (NOx reported as NO2)', species='NOx')
    rr['unit'] = 'kg NO2 per kg fertiliser N applied (per agritool transcription; EFDB unit label garbled)'
    rows['agriculture_nh3'].append(confirm(rr, x, (0.04, [AGRI_NOX])))
for an in ['cattle (dairy, other)', 'buffalo', 'swine', 'poultry']:
    pass
missing.append(('agriculture_nh3', 'NH3', 'Tier 1 manure factors split into housing vs storage', 'Tier 1 Table 3-2 in the EFDB 2023 export gives one combined column "Housing, storage and yards" (plus application, grazing, total); no separate housing and storage factors at Tier 1'))
missing.append(('agriculture_nh3', 'NH3', 'swine without housing-system split (e.g. backyard pigs), other poultry types (Vietnamese ducks are under "Ducks")', 'Tier 1 Table 3-2 is by manure system (slurry/solid/litter/outdoor) only'))

order = {s: i for i, s in enumerate(ORDER)}
for g, rs in rows.items():
    rs.sort(key=lambda d: (d['nfr_code'], d['table'], d['fuel_or_activity'], order.get(d['species'], 99)))
    with open(os.path.join(D, g + '.csv'), 'w', newline='') as f:
        w = csv.DictWriter(f, COLS)
        w.writeheader()
        w.writerows(rs)
with open(os.path.join(D, 'missing.csv'), 'w', newline='') as f:
    w = csv.writer(f)
    w.writerow(['source_group', 'species', 'fuel_or_activity', 'what_was_searched'])
    w.writerows(missing)
for g in ['stationary', 'road', 'navigation', 'offroad', 'burning', 'agriculture_nh3']:
    rs = rows.get(g, [])
    c = collections.Counter(d['confirmation'] for d in rs)
    print(g, len(rs), dict(c), 'missing', sum(1 for m in missing if m[0] == g))
