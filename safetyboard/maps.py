"""Unit boundaries and choropleth maps for the 10 乡/街道, and for the city's 区县 (pure core: no streamlit,
no network).

The bundled reference data (units.csv seeds, district outline, the city's county boundaries) are GCJ-02 (Amap)
lon/lat. They are kept as they are and labelled EPSG:4326; with no base map the ~500 m GCJ-02 offset is invisible.
"""
from __future__ import annotations

import contextlib
import html
import math
import re
import unicodedata
import warnings
import zipfile
from functools import lru_cache
from pathlib import Path
from typing import Any, Callable

import geopandas as gpd
import pandas as pd
import plotly.graph_objects as go
from plotly.colors import sample_colorscale, unlabel_rgb
import shapely
from shapely import affinity
from shapely.geometry import MultiPoint, Point, mapping
from shapely.geometry.base import BaseGeometry
from shapely.ops import polylabel

from . import district

_DISTRICT = district.current()     # data/district.toml: whose units and outline
REFERENCE_DIR = Path(__file__).resolve().parents[1] / "data" / "zhanhe"
DATA_DIR = REFERENCE_DIR.parent
UNITS_CSV = _DISTRICT.units_file or REFERENCE_DIR / "units.csv"
# Without an outline of its own, a county's outline is its feature in the city's county boundaries.
COUNTIES_GEOJSON = district.CITY_REFERENCE / "counties_410400_gcj02.geojson"
OUTLINE_GEOJSON = _DISTRICT.outline_file or COUNTIES_GEOJSON
OFFICIAL_SUFFIXES = (".gpkg", ".geojson", ".json", ".shp", ".zip")  # priority order

OFFICIAL_LABEL = "边界来源：安委办导入的正式边界文件"


def schematic_label(outline_name: str) -> str:
    return (f"示意图：依据乡/街道代表点生成的泰森多边形，裁剪至{outline_name}轮廓"
            "（底图数据 © 高德 / Vonng/adcode, CC BY 4.0），非正式行政区划边界")


SCHEMATIC_LABEL = schematic_label(_DISTRICT.name)
# data/pingdingshan/SOURCES.md: the county outlines are real administrative boundaries, not a schematic.
COUNTY_LABEL = "区县边界：高德行政区划（数据 © 高德 / Vonng/adcode, CC BY 4.0）"

Resolver = Callable[[str], Any]  # text -> code (or an object with .code) or None


class BoundaryError(ValueError):
    """An official boundary file that cannot be used; the message is for the user (Chinese)."""


def load_units(units_csv: Path | str = UNITS_CSV) -> pd.DataFrame:
    """units.csv as a DataFrame (code, name, aliases, ...; seed lon/lat as floats, GCJ-02)."""
    units = pd.read_csv(units_csv, dtype=str, encoding="utf-8")
    if "county_code" in units.columns:   # the city's townships file: this county's units that have a point
        units = units[(units["county_code"] == _DISTRICT.code + "000000") & units["lon_gcj02"].notna()]
        units = units.rename(columns={"lon_gcj02": "seed_lon_gcj02", "lat_gcj02": "seed_lat_gcj02"}).reset_index(drop=True)
    for col in ("seed_lon_gcj02", "seed_lat_gcj02"):
        units[col] = units[col].astype(float)
    return units


def _fold(text: str) -> str:
    return re.sub(r"\s+", "", unicodedata.normalize("NFKC", str(text)))


def alias_resolver(units: pd.DataFrame) -> Callable[[str], str | None]:
    """Fallback resolver: exact match on name or an alias from units.csv after NFKC + whitespace folding."""
    index: dict[str, str] = {}
    for code, name, aliases in zip(units["code"], units["name"], units["aliases"].fillna("")):
        for alias in [name, code, *aliases.split("|")]:
            if alias:
                index[_fold(alias)] = code
    return lambda text: index.get(_fold(text))


def _polygonal(geom: BaseGeometry | None) -> BaseGeometry:
    """Keep only the (valid) areal part of a geometry; empty polygon if there is none."""
    if geom is None or geom.is_empty:
        return shapely.Polygon()
    geom = shapely.make_valid(geom)
    if geom.geom_type in ("Polygon", "MultiPolygon"):
        return geom
    parts = [p for p in shapely.get_parts(geom) if p.geom_type in ("Polygon", "MultiPolygon")]
    return shapely.union_all(parts) if parts else shapely.Polygon()


def _county_shapes(outline_geojson: Path | str, code: str) -> BaseGeometry:
    shapes = gpd.read_file(outline_geojson)
    if "code" in shapes.columns:    # several counties' boundaries: this county's
        shapes = shapes[shapes["code"].astype(str).str[:6] == code]
    return shapely.union_all(shapes.geometry.values)


def voronoi_cells(units: pd.DataFrame, outline: BaseGeometry) -> gpd.GeoDataFrame:
    """Voronoi cells of units' points (columns code, name, lon, lat) clipped to an outline (a 示意图)."""
    # Build the diagram in a locally equidistant plane (lon scaled by cos(lat)) so cells follow
    # ground distance; the scaling is affine, so cell edges stay straight when scaled back.
    k = math.cos(math.radians(outline.centroid.y))
    seeds = [Point(x * k, y) for x, y in zip(units["lon"], units["lat"])]
    if len(seeds) == 1:     # one point: its cell is the whole outline
        geoms = [_polygonal(outline)]
    else:
        frame = affinity.scale(outline.envelope, xfact=k, yfact=1, origin=(0, 0)).buffer(0.1)
        cells = list(shapely.voronoi_polygons(MultiPoint(seeds), extend_to=frame).geoms)
        geoms = []
        for seed in seeds:
            cell = next((c for c in cells if c.covers(seed)), shapely.Polygon())   # a duplicate point: no cell
            geoms.append(_polygonal(affinity.scale(cell, xfact=1 / k, yfact=1, origin=(0, 0)).intersection(outline)))
    return gpd.GeoDataFrame({"code": units["code"].astype(str).to_numpy(), "name": units["name"].to_numpy()},
                            geometry=geoms, crs="EPSG:4326")


def schematic_cells(
    units_csv: Path | str = UNITS_CSV, outline_geojson: Path | str = OUTLINE_GEOJSON
) -> gpd.GeoDataFrame:
    """Voronoi cells of the unit seed points clipped to the district outline (a 示意图, GCJ-02 lon/lat)."""
    units = load_units(units_csv).rename(columns={"seed_lon_gcj02": "lon", "seed_lat_gcj02": "lat"})
    return voronoi_cells(units, _county_shapes(outline_geojson, _DISTRICT.code))


# ---------------------------------------------------------------- the city's counties

@lru_cache(maxsize=1)
def _counties(mtime_ns: int) -> gpd.GeoDataFrame:
    raw = gpd.read_file(COUNTIES_GEOJSON)
    codes = raw["code"].astype(str).str[:6]
    merged = pd.DataFrame({"code": codes, "geometry": [_polygonal(g) for g in raw.geometry]}) \
        .groupby("code", sort=False)["geometry"].agg(shapely.union_all)
    order = [c for c in (k.code for k in district.counties()) if c in merged.index]
    names = {k.code: k.name for k in district.counties()}
    return gpd.GeoDataFrame({"code": order, "name": [names[c] for c in order]},
                            geometry=[merged[c] for c in order], crs="EPSG:4326")


def county_short_name(name: str) -> str:
    """新华区 -> 新华, 叶县 stays: the map's labels collide less (MapLibre hides a label that overlaps another)."""
    return name[:-1] if len(name) > 2 and name[-1] in "区县市" else name


def county_boundaries() -> gpd.GeoDataFrame:
    """The city's county boundaries (code: 6 digits, name, geometry), in the city's order; real outlines."""
    gdf = _counties(COUNTIES_GEOJSON.stat().st_mtime_ns).copy()
    gdf.attrs.update(is_schematic=False, source_label=COUNTY_LABEL)
    return gdf


def county_outline(code: str) -> BaseGeometry:
    """One county's real outline (6-digit code); BoundaryError when the city's boundaries lack it."""
    gdf = county_boundaries()
    hit = gdf[gdf["code"] == str(code)]
    if hit.empty or hit.geometry.iloc[0].is_empty:
        raise BoundaryError(f"区县边界文件中没有区县代码「{code}」的边界")
    return hit.geometry.iloc[0]


def county_unit_cells(units: pd.DataFrame, code: str) -> tuple[gpd.GeoDataFrame, list[str]]:
    """A county's 乡/街道 示意图 in a city: Voronoi cells of the units that have a point (units: code, name, lon,
    lat, as the county's units view holds them) clipped to the county's real outline; and the names of the
    units without a point, which the map cannot place."""
    has_point = units["lon"].notna() & units["lat"].notna()
    placed = units[has_point].astype({"lon": float, "lat": float}).reset_index(drop=True)
    outline = county_outline(code)
    name = district.county(code).name if district.county(code) else code
    # No unit has a point: the county's outline alone (no unit's area, so drawn as without data).
    gdf = voronoi_cells(placed, outline) if len(placed) else \
        gpd.GeoDataFrame({"code": [code], "name": [name]}, geometry=[outline], crs="EPSG:4326")
    gdf.attrs.update(is_schematic=True, source_label=schematic_label(name), outline=outline)
    return gdf, units.loc[~has_point, "name"].tolist()


def _read(path: Path, encoding: str | None = None) -> gpd.GeoDataFrame:
    if not path.is_file():
        raise BoundaryError(f"边界文件“{path.name}”不存在")
    target: Any = path
    if path.suffix.lower() == ".zip":
        with zipfile.ZipFile(path) as zf:
            shps = [n for n in zf.namelist() if n.lower().endswith(".shp") and not n.startswith("__MACOSX")]
        if len(shps) != 1:
            raise BoundaryError(f"边界文件“{path.name}”：压缩包内应恰有一个 .shp 文件，实际 {len(shps)} 个")
        target = f"/vsizip/{path.resolve()}/{shps[0]}"
    return gpd.read_file(target, **({"encoding": encoding} if encoding else {}))


def _code_key(value: Any) -> str | None:
    """The 12-digit unit code from a value written as 12 digits, 9 digits or 6+3 with a separator."""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    digits = re.sub(r"[\s\-_/.]", "", unicodedata.normalize("NFKC", str(value)))
    if re.fullmatch(r"\d{12}", digits):
        return digits if digits.endswith("000") else None  # village codes are not units
    return digits + "000" if re.fullmatch(r"\d{9}", digits) else None


def _match_column(raw: gpd.GeoDataFrame, codes: set[str], resolve: Resolver) -> tuple[str, list[str | None]] | None:
    """The column that identifies units best: a code column if any, else the best name column."""
    best: tuple[int, str, list[str | None]] | None = None
    for by_code in (True, False):
        for col in raw.columns.drop(raw.geometry.name):
            values = raw[col]
            if by_code:
                keys = [_code_key(v) if pd.notna(v) else None for v in values]
                if any(k is None and pd.notna(v) for k, v in zip(keys, values)):
                    continue  # not purely codes
            elif values.dtype.kind in "biufcmM":
                continue
            else:
                keys = [getattr(r, "code", r) if pd.notna(v) and (r := resolve(str(v))) else None for v in values]
            keys = [k if k in codes else None for k in keys]
            n = sum(k is not None for k in keys)
            if n and (best is None or n > best[0]):
                best = (n, col, keys)
        if best:
            return best[1], best[2]
    return None


def _match(raw: gpd.GeoDataFrame, fname: str, units: pd.DataFrame, resolve: Resolver) -> gpd.GeoDataFrame:
    found = _match_column(raw, set(units["code"]), resolve)
    if found is None:
        raise BoundaryError(
            f"边界文件“{fname}”中找不到乡/街道代码列（12 位或 9 位统计用区划代码，如 410411001000）或可识别的名称列"
        )
    col, keys = found
    geoms = [_polygonal(g) for g in raw.geometry]
    problems = []
    missing = [n for c, n in zip(units["code"], units["name"]) if c not in set(keys)]
    if missing:
        problems.append("缺少以下乡/街道的边界：" + "、".join(missing))
    unmatched = [f"第{i + 1}个要素（{col}={raw[col].iloc[i]}）" for i, k in enumerate(keys) if k is None]
    if unmatched:
        problems.append("以下要素无法对应到乡/街道：" + "、".join(unmatched))
    empty = [f"第{i + 1}个要素（{col}={raw[col].iloc[i]}）" for i, g in enumerate(geoms) if keys[i] and g.is_empty]
    if empty:
        problems.append("以下要素没有面几何：" + "、".join(empty))
    if problems:
        raise BoundaryError(f"边界文件“{fname}”" + "；".join(problems))
    merged = pd.DataFrame({"code": keys, "geometry": geoms}).groupby("code")["geometry"].agg(shapely.union_all)
    return gpd.GeoDataFrame(
        {"code": units["code"].to_numpy(), "name": units["name"].to_numpy()},
        geometry=[merged[c] for c in units["code"]],
        crs="EPSG:4326",
    )


def load_boundaries(
    path: Path | str, units: pd.DataFrame | None = None, resolve_unit: Resolver | None = None
) -> gpd.GeoDataFrame:
    """Load an official boundary file (shp / zipped shp / GeoJSON / GPKG, any CRS) as code, name, geometry.

    Features match units by a code column, else by name through `resolve_unit` (default: units.csv aliases).
    A file without CRS is taken as EPSG:4326. Raises BoundaryError with a Chinese message.
    """
    path = Path(path)
    units = load_units() if units is None else units
    resolve = resolve_unit or alias_resolver(units)

    def attempt(encoding: str | None) -> gpd.GeoDataFrame:
        try:
            raw = _read(path, encoding)
        except BoundaryError:
            raise
        except Exception as exc:
            raise BoundaryError(
                f"边界文件“{path.name}”无法读取（应为 Shapefile、压缩的 Shapefile、GeoJSON 或 GeoPackage）：{exc}"
            ) from exc
        no_crs = raw.crs is None
        raw = raw.set_crs("EPSG:4326") if no_crs else raw.to_crs("EPSG:4326")
        if len(raw) == 0:
            raise BoundaryError(f"边界文件“{path.name}”中没有要素")
        minx, miny, maxx, maxy = raw.total_bounds
        if not (-180 <= minx <= maxx <= 180 and -90 <= miny <= maxy <= 90):
            hint = "文件未注明坐标系（缺少 .prj），坐标也不是经纬度" if no_crs else "坐标超出经纬度范围"
            raise BoundaryError(f"边界文件“{path.name}”：{hint}")
        return _match(raw, path.name, units, resolve)

    try:
        return attempt(None)
    except BoundaryError:
        if path.suffix.lower() in (".shp", ".zip"):  # shapefiles without .cpg are often GBK
            with contextlib.suppress(Exception), warnings.catch_warnings():
                warnings.simplefilter("ignore")
                return attempt("gbk")
        raise


@lru_cache(maxsize=8)
def _active(official: str | None, mtime_ns: int, resolve_unit: Resolver | None) -> gpd.GeoDataFrame:
    if official:
        return load_boundaries(official, resolve_unit=resolve_unit)
    return schematic_cells()


def active_boundaries(
    data_dir: Path | str = DATA_DIR, resolve_unit: Resolver | None = None
) -> tuple[gpd.GeoDataFrame, bool, str]:
    """(boundaries, is_schematic, source label): data_dir/boundaries/official.* if present, else the 示意图."""
    folder = Path(data_dir) / "boundaries"
    official = next((p for s in OFFICIAL_SUFFIXES if (p := folder / f"official{s}").is_file()), None)
    src = official or OUTLINE_GEOJSON
    gdf = _active(str(official) if official else None, src.stat().st_mtime_ns, resolve_unit).copy()
    is_schematic, label = (False, OFFICIAL_LABEL) if official else (True, SCHEMATIC_LABEL)
    gdf.attrs.update(is_schematic=is_schematic, source_label=label)
    return gdf, is_schematic, label


def to_geojson_dict(gdf: gpd.GeoDataFrame) -> dict:
    """FeatureCollection with id = code (plotly: featureidkey="id")."""
    features = [
        {"type": "Feature", "id": str(c), "properties": {"code": str(c), "name": n}, "geometry": mapping(g)}
        for c, n, g in zip(gdf["code"], gdf["name"], gdf.geometry)
    ]
    return {"type": "FeatureCollection", "features": features}


def _merc_y(lat: float) -> float:
    return math.log(math.tan(math.pi / 4 + math.radians(lat) / 2))


def map_center_zoom(gdf: gpd.GeoDataFrame, width_px: int = 800, height_px: int = 600) -> tuple[float, float, float]:
    """(lat, lon, zoom) fitting the boundaries into a map of about width_px x height_px."""
    minx, miny, maxx, maxy = gdf.total_bounds
    y0, y1 = _merc_y(miny), _merc_y(maxy)
    # MapLibre renders the world 512 px wide at zoom 0.
    zx = math.log2(width_px * 360 / (512 * max(maxx - minx, 1e-9)))
    zy = math.log2(height_px * 2 * math.pi / (512 * max(y1 - y0, 1e-9)))
    lat = math.degrees(2 * math.atan(math.exp((y0 + y1) / 2)) - math.pi / 2)
    return lat, (minx + maxx) / 2, round(min(zx, zy) - 0.2, 2)


def label_points(gdf: gpd.GeoDataFrame) -> list[Point]:
    """A point well inside each unit's largest part (pole of inaccessibility), for text labels."""
    pts = []
    for g in gdf.geometry:
        part = max(shapely.get_parts(g), key=lambda p: p.area)
        pts.append(polylabel(part, tolerance=max(part.length * 1e-3, 1e-7)))
    return pts


DARK_TEXT, LIGHT_TEXT = "#222222", "#FFFFFF"
FILL_OPACITY = 0.85
NO_DATA_FILL = "#e0e0e0"


def _luminance(rgb: tuple[float, float, float]) -> float:
    """WCAG relative luminance of an sRGB colour given as 0-255 channels."""
    def linear(c: float) -> float:
        c /= 255
        return c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4
    r, g, b = map(linear, rgb)
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def label_colour(fill_rgb: tuple[float, float, float]) -> str:
    """Dark or white text, whichever has the higher contrast ratio on this fill."""
    lum = _luminance(fill_rgb)
    dark, light = _luminance((0x22, 0x22, 0x22)), 1.0
    return LIGHT_TEXT if (light + 0.05) / (lum + 0.05) > (lum + 0.05) / (dark + 0.05) else DARK_TEXT


def unit_fills(values: pd.Series, higher_is_worse: bool = True) -> list[tuple[float, float, float]]:
    """The colour each unit is drawn in on the page map (Reds over the values' range, at FILL_OPACITY on white)."""
    v = pd.to_numeric(values, errors="coerce").astype(float)
    lo, hi = v.min(), v.max()
    out = []
    for x in v:
        if pd.isna(x):
            out.append(tuple(int(NO_DATA_FILL[i:i + 2], 16) for i in (1, 3, 5)))
            continue
        t = 0.5 if hi == lo else (x - lo) / (hi - lo)
        rgb = unlabel_rgb(sample_colorscale("Reds", 1 - t if not higher_is_worse else t)[0])
        out.append(tuple(FILL_OPACITY * c + (1 - FILL_OPACITY) * 255 for c in rgb))
    return out


HATCH_COLOUR = "#9e9e9e"


def hatch_lines(geoms, spacing: float | None = None) -> tuple[list[float | None], list[float | None]]:
    """Diagonal lines across each geometry, clipped to it (a hatch; MapLibre fills have no pattern): lon and lat
    lists with None between the segments, for one Scattermap line trace."""
    lon: list[float | None] = []
    lat: list[float | None] = []
    for g in geoms:
        if g is None or g.is_empty:
            continue
        minx, miny, maxx, maxy = g.bounds
        step = spacing or max(maxx - minx, maxy - miny) / 14
        span = (maxx - minx) + (maxy - miny)
        x = minx - (maxy - miny)
        while x <= maxx:
            cut = shapely.LineString([(x, miny), (x + span, miny + span)]).intersection(g)
            for part in shapely.get_parts(cut):
                if part.geom_type == "LineString" and not part.is_empty:
                    xs, ys = part.xy
                    lon += [*xs, None]
                    lat += [*ys, None]
            x += step
    return lon, lat


# The colour bar lies under the map, across it: upright at the side it took a quarter of a phone's width.
COLORBAR_ROOM = 72   # px under the map for the bar, its ticks and its title
COLORBAR_UNDER = dict(orientation="h", x=0.5, xanchor="center", y=-0.01, yanchor="top", len=0.8, lenmode="fraction",
                      thickness=12, outlinewidth=0)


def choropleth_figure(
    gdf: gpd.GeoDataFrame,
    values: pd.DataFrame,
    metric_label: str,
    higher_is_worse: bool = True,
    source_label: str | None = None,
    height: int = 600,
    fit_width: bool = False,
    labels: list[str] | None = None,
    no_data_text: str = "暂无数据",
    hatch_no_data: bool = False,
) -> go.Figure:
    """Offline choropleth (MapLibre, white background, no tiles) of `values` (code, value, label_text).

    Redder = worse; pass higher_is_worse=False for rates where higher is better (整改率).
    Units without a value are grey. `source_label` defaults to gdf.attrs["source_label"].
    fit_width: the page map: room for the colour bar under it, and the district's bounds in layout.meta so the
    browser fits the map to whatever width it is drawn at (a phone as a desktop).
    labels: the text drawn on each area (gdf's order); default its short name. no_data_text: the hover of an
    area without a value. hatch_no_data: grey areas are also hatched (the city's counties without a package).
    """
    vals = values.assign(code=values["code"].astype(str))
    text = vals["label_text"] if "label_text" in vals else pd.Series(None, index=vals.index, dtype=object)
    vals["label_text"] = text.where(text.notna(), vals["value"].astype(str))
    df = pd.DataFrame({"code": gdf["code"].astype(str), "name": gdf["name"]}).merge(
        vals[["code", "value", "label_text"]], on="code", how="left"
    )
    geo = to_geojson_dict(gdf)
    line = dict(marker_line_color="white", marker_line_width=1.5)
    fig = go.Figure()
    nodata = df[df["value"].isna()]
    if len(nodata):
        fig.add_trace(go.Choroplethmap(
            geojson=geo, featureidkey="id", locations=nodata["code"], z=[0] * len(nodata),
            colorscale=[[0, NO_DATA_FILL], [1, NO_DATA_FILL]], showscale=False, customdata=nodata[["name"]],
            hovertemplate=f"<b>%{{customdata[0]}}</b><br>{metric_label}：{no_data_text}<extra></extra>", **line,
        ))
        if hatch_no_data:
            minx, miny, maxx, maxy = gdf.total_bounds     # one spacing for the map: a small area is not denser
            lon, lat = hatch_lines(gdf.geometry[df["value"].isna().to_numpy()], max(maxx - minx, maxy - miny) / 60)
            fig.add_trace(go.Scattermap(lon=lon, lat=lat, mode="lines", line=dict(width=1, color=HATCH_COLOUR),
                                        hoverinfo="skip", showlegend=False))
    data = df[df["value"].notna()]
    fig.add_trace(go.Choroplethmap(
        geojson=geo, featureidkey="id", locations=data["code"], z=data["value"].astype(float),
        colorscale="Reds", reversescale=not higher_is_worse, marker_opacity=FILL_OPACITY,
        colorbar=COLORBAR_UNDER | dict(title=dict(text=metric_label, side="top")), customdata=data[["name", "label_text"]],
        hovertemplate=f"<b>%{{customdata[0]}}</b><br>{metric_label}：%{{customdata[1]}}<extra></extra>", **line,
    ))
    # Short names (马庄, not 马庄街道): MapLibre hides colliding labels and the eastern units are close.
    # Default font stack and CJK-only text: MapLibre draws the glyphs locally (no glyph download).
    # Text colour per fill (a dark name on a dark red unit cannot be read): one text trace per colour.
    pts = label_points(gdf)
    short = labels if labels is not None else [re.sub(r"(街道|乡)$", "", n) or n for n in gdf["name"]]
    colours = [label_colour(rgb) for rgb in unit_fills(df["value"], higher_is_worse)]
    for colour in (DARK_TEXT, LIGHT_TEXT):
        picked = [i for i, c in enumerate(colours) if c == colour]
        if picked:
            fig.add_trace(go.Scattermap(
                lat=[pts[i].y for i in picked], lon=[pts[i].x for i in picked], mode="text",
                text=[short[i] for i in picked], textfont=dict(size=13, color=colour), hoverinfo="skip",
                showlegend=False,
            ))
    room = COLORBAR_ROOM if fit_width else 0
    # the page map starts at a desktop width (about 1,400 px at 1920); the browser refits it to a narrower one
    lat, lon, zoom = map_center_zoom(gdf, width_px=1400 if fit_width else 800, height_px=height - room)
    fig.update_layout(
        map=dict(style="white-bg", center=dict(lat=lat, lon=lon), zoom=zoom),
        margin=dict(l=0, r=0, t=0, b=room), height=height, showlegend=False,
    )
    if fit_width:   # fitted to the drawn width by ui/widgets.py
        fig.update_layout(meta=dict(fit_bounds=[float(v) for v in gdf.total_bounds], zoom=zoom))
    label = source_label if source_label is not None else gdf.attrs.get("source_label")
    if label:
        fig.add_annotation(
            text=label.replace("，", "，<br>", 1), xref="paper", yref="paper", x=0.01, y=0.01,
            xanchor="left", yanchor="bottom", align="left", showarrow=False,
            font=dict(size=11, color="#555555"), bgcolor="rgba(255,255,255,0.8)",
        )
    return fig


POINT_OPEN, POINT_CLEAR = "#08306b", "#6b6b6b"   # dark blue on the Reds fills: an enterprise with open hazards, or none


def add_register_points(fig: go.Figure, points: pd.DataFrame, flow_label: str, stock_label: str) -> go.Figure:
    """The register's point layer on a choropleth_figure: one marker per enterprise (columns enterprise, unit, lon,
    lat, hazards, open), sized by its hazards, dark where some are still open. customdata[0] is the 乡/街道's name,
    so a click on a point selects that unit the way a click on its area does."""
    if points.empty:
        return fig
    for has_open, colour in ((False, POINT_CLEAR), (True, POINT_OPEN)):
        part = points[(points["open"] > 0) == has_open]
        if part.empty:
            continue
        fig.add_trace(go.Scattermap(
            lat=part["lat"], lon=part["lon"], mode="markers",
            marker=dict(size=(6 + 2 * part["hazards"].clip(upper=8)).tolist(), color=colour, opacity=0.75),
            customdata=[[html.escape(str(v)) for v in row] for row in
                        part[["unit", "enterprise", "hazards", "open"]].itertuples(index=False)],
            hovertemplate=(f"<b>%{{customdata[1]}}</b><br>%{{customdata[0]}}<br>{flow_label}：%{{customdata[2]}}处"
                           f"<br>{stock_label}：%{{customdata[3]}}处<extra></extra>"),
            showlegend=False))
    return fig
