from __future__ import annotations

import itertools
import json
import zipfile
from pathlib import Path

import geopandas as gpd
import pandas as pd
import pytest
import shapely
from shapely.geometry import Point

from safetyboard import maps

UNITS = maps.load_units()
OUTLINE = shapely.union_all(gpd.read_file(maps.OUTLINE_GEOJSON).geometry.values)


@pytest.fixture(scope="module")
def cells() -> gpd.GeoDataFrame:
    return maps.schematic_cells()


def fake_resolver(text: str) -> str | None:
    """Tiny stand-in for the real alias resolver: '<stem>办事处' / '<stem>乡政府' -> code."""
    stems = {n.removesuffix("街道").removesuffix("乡"): c for c, n in zip(UNITS["code"], UNITS["name"])}
    return stems.get(text.strip().removesuffix("办事处").removesuffix("乡政府"))


def test_cells_partition_outline(cells: gpd.GeoDataFrame) -> None:
    assert len(cells) == 10
    assert sorted(cells["code"]) == sorted(UNITS["code"])
    assert all(len(c) == 12 and c.isdigit() for c in cells["code"])
    assert cells.crs.to_epsg() == 4326
    for g in cells.geometry:
        assert g.is_valid and not g.is_empty and g.geom_type in ("Polygon", "MultiPolygon")
    for a, b in itertools.combinations(cells.geometry, 2):
        assert a.intersection(b).area < 1e-12
    assert shapely.union_all(cells.geometry.values).area == pytest.approx(OUTLINE.area, rel=1e-6)
    assert sum(g.area for g in cells.geometry) == pytest.approx(OUTLINE.area, rel=1e-6)


def test_seed_in_own_cell(cells: gpd.GeoDataFrame) -> None:
    by_code = dict(zip(cells["code"], cells.geometry))
    for code, lon, lat in zip(UNITS["code"], UNITS["seed_lon_gcj02"], UNITS["seed_lat_gcj02"]):
        assert by_code[code].contains(Point(lon, lat))


def _write_aliased_3857(cells: gpd.GeoDataFrame, path: Path, drop: tuple[str, ...] = ()) -> None:
    names = [n.removesuffix("街道") + "办事处" if n.endswith("街道") else n + "政府" for n in cells["name"]]
    out = gpd.GeoDataFrame({"乡镇名称": names, "备注": "x"}, geometry=cells.geometry.values, crs="EPSG:4326")
    out[~cells["name"].isin(drop).to_numpy()].to_crs("EPSG:3857").to_file(path, driver="GeoJSON")


def test_load_boundaries_reprojects_and_matches_by_name(cells: gpd.GeoDataFrame, tmp_path: Path) -> None:
    path = tmp_path / "b.geojson"
    _write_aliased_3857(cells, path)
    assert "3857" in json.loads(path.read_text(encoding="utf-8"))["crs"]["properties"]["name"]
    got = maps.load_boundaries(path, UNITS, resolve_unit=fake_resolver)
    assert got.crs.to_epsg() == 4326
    assert list(got["code"]) == list(UNITS["code"]) and list(got["name"]) == list(UNITS["name"])
    for a, b in zip(got.geometry, cells.geometry):
        assert a.symmetric_difference(b).area < 1e-6 * b.area


def test_load_boundaries_by_code_zipped_shapefile(cells: gpd.GeoDataFrame, tmp_path: Path) -> None:
    shp = tmp_path / "shp" / "towns.shp"
    shp.parent.mkdir()
    codes = [c[:6] + "-" + c[6:9] for c in cells["code"]]  # 6+3 variant
    gpd.GeoDataFrame({"XZQDM": codes}, geometry=cells.geometry.values, crs="EPSG:4326").to_crs("EPSG:4547").to_file(shp)
    zpath = tmp_path / "towns.zip"
    with zipfile.ZipFile(zpath, "w") as zf:
        for f in shp.parent.iterdir():
            zf.write(f, f"towns/{f.name}")
    got = maps.load_boundaries(zpath, UNITS, resolve_unit=lambda _: None)
    assert list(got["code"]) == list(UNITS["code"])
    assert got.geometry.iloc[0].symmetric_difference(cells.geometry.iloc[0]).area < 1e-6 * cells.geometry.iloc[0].area


def test_missing_unit_raises(cells: gpd.GeoDataFrame, tmp_path: Path) -> None:
    path = tmp_path / "b.geojson"
    _write_aliased_3857(cells, path, drop=("荆山街道", "河滨街道"))
    with pytest.raises(maps.BoundaryError) as exc:
        maps.load_boundaries(path, UNITS, resolve_unit=fake_resolver)
    assert str(exc.value) == "边界文件“b.geojson”缺少以下乡/街道的边界：荆山街道、河滨街道"


def test_unreadable_and_unmatched(tmp_path: Path) -> None:
    bad = tmp_path / "bad.geojson"
    bad.write_text("not json", encoding="utf-8")
    with pytest.raises(maps.BoundaryError, match="边界文件“bad.geojson”无法读取"):
        maps.load_boundaries(bad, UNITS, resolve_unit=fake_resolver)
    path = tmp_path / "extra.geojson"
    gpd.GeoDataFrame({"name": ["马庄办事处", "新华区"]}, geometry=[OUTLINE, OUTLINE], crs="EPSG:4326").to_file(path)
    with pytest.raises(maps.BoundaryError, match=r"无法对应到乡/街道：第2个要素（name=新华区）"):
        maps.load_boundaries(path, UNITS, resolve_unit=fake_resolver)


def test_active_boundaries(tmp_path: Path, cells: gpd.GeoDataFrame) -> None:
    gdf, schematic, label = maps.active_boundaries(tmp_path)
    assert schematic and label.startswith("示意图") and len(gdf) == 10
    (tmp_path / "boundaries").mkdir()
    _write_aliased_3857(cells, tmp_path / "boundaries" / "official.geojson")
    gdf, schematic, label = maps.active_boundaries(tmp_path, resolve_unit=fake_resolver)
    assert not schematic and label == maps.OFFICIAL_LABEL and list(gdf["code"]) == list(UNITS["code"])


def test_geojson_ids_and_figure(cells: gpd.GeoDataFrame) -> None:
    geo = maps.to_geojson_dict(cells)
    assert [f["id"] for f in geo["features"]] == list(cells["code"])
    values = pd.DataFrame({"code": cells["code"][:8], "value": range(8), "label_text": [f"{i}%" for i in range(8)]})
    fig = maps.choropleth_figure(cells, values, "整改率", higher_is_worse=False, source_label=maps.SCHEMATIC_LABEL)
    types = {t.type for t in fig.data}
    assert not types & {"choropleth", "scattergeo"}
    assert {"choroplethmap", "scattermap"} <= types
    assert fig.layout.map.style == "white-bg"
    assert any("示意图" in a.text for a in fig.layout.annotations)
    main = next(t for t in fig.data if t.type == "choroplethmap" and t.showscale is not False)
    assert main.reversescale is True and list(main.locations) == list(cells["code"][:8])
    json.loads(fig.to_json())  # serialisable, no network needed
    lat, lon, zoom = maps.map_center_zoom(cells)
    assert OUTLINE.envelope.contains(Point(lon, lat)) and 9 < zoom < 13


def test_label_colour_is_chosen_per_fill(cells: gpd.GeoDataFrame) -> None:
    # Contrast ratios: #222222 on white is 15.9, white on white 1; on the darkest Reds (#67000d) white wins.
    assert maps.label_colour((255, 255, 255)) == maps.DARK_TEXT
    assert maps.label_colour((0x67, 0x00, 0x0D)) == maps.LIGHT_TEXT
    values = pd.DataFrame({"code": cells["code"], "value": range(len(cells))})
    fig = maps.choropleth_figure(cells, values, "隐患数", source_label="")
    text = {t.textfont.color: list(t.text) for t in fig.data if t.type == "scattermap"}
    short = [n.removesuffix("街道").removesuffix("乡") for n in cells["name"]]
    # The largest value gets the darkest fill and a white name, the smallest a dark name; every unit once.
    assert short[-1] in text[maps.LIGHT_TEXT] and short[0] in text[maps.DARK_TEXT]
    assert sorted(text[maps.LIGHT_TEXT] + text[maps.DARK_TEXT]) == sorted(short)
    # A rate where higher is better: the order turns round.
    fig = maps.choropleth_figure(cells, values, "整改率", higher_is_worse=False, source_label="")
    text = {t.textfont.color: list(t.text) for t in fig.data if t.type == "scattermap"}
    assert short[0] in text[maps.LIGHT_TEXT] and short[-1] in text[maps.DARK_TEXT]


def test_page_map_has_its_colour_bar_under_it_and_its_bounds_for_the_browser(cells: gpd.GeoDataFrame) -> None:
    values = pd.DataFrame({"code": cells["code"], "value": range(len(cells))})
    fig = maps.choropleth_figure(cells, values, "隐患数", source_label="", fit_width=True)
    bar = next(t for t in fig.data if t.type == "choroplethmap" and t.showscale is not False).colorbar
    # Horizontal, below the map area (paper y < 0), in the bottom margin kept for it.
    assert bar.orientation == "h" and bar.y < 0 and bar.yanchor == "top"
    assert fig.layout.margin.b == maps.COLORBAR_ROOM
    # The browser fits the view to these bounds at whatever width it draws (ui/widgets.py).
    assert fig.layout.meta["fit_bounds"] == [float(v) for v in cells.total_bounds]
    assert fig.layout.meta["zoom"] == fig.layout.map.zoom
    # The 大屏 keeps its own layout: no bounds to fit, no margin.
    plain = maps.choropleth_figure(cells, values, "隐患数", source_label="")
    assert plain.layout.meta is None and plain.layout.margin.b == 0


# ---------------------------------------------------------------- the city's counties

def test_county_boundaries_are_the_ten_real_outlines() -> None:
    counties = maps.county_boundaries()
    assert counties["code"].tolist() == [c.code for c in maps.district.counties()]
    assert counties.attrs["is_schematic"] is False and "Vonng/adcode" in counties.attrs["source_label"]
    for a, b in itertools.combinations(counties.geometry, 2):
        assert a.intersection(b).area < 1e-6 * a.area      # neighbours share edges only
    # 湛河区's own outline (the district's map) is its county boundary
    assert maps.county_outline("410411").symmetric_difference(OUTLINE).area < 1e-9
    with pytest.raises(maps.BoundaryError, match="没有区县代码「410499」的边界"):
        maps.county_outline("410499")


def test_county_unit_cells_partition_the_county_and_list_units_without_a_point() -> None:
    # Three of 湛河区's seeds and one unit without a point.
    units = pd.DataFrame({"code": [*UNITS["code"][:3], "410411999000"], "name": [*UNITS["name"][:3], "无点乡"],
                          "lon": [*UNITS["seed_lon_gcj02"][:3], None], "lat": [*UNITS["seed_lat_gcj02"][:3], None]})
    cells, unplaced = maps.county_unit_cells(units, "410411")
    assert unplaced == ["无点乡"] and cells["code"].tolist() == UNITS["code"][:3].tolist()
    assert sum(g.area for g in cells.geometry) == pytest.approx(OUTLINE.area, rel=1e-6)
    for code, lon, lat in zip(units["code"][:3], units["lon"][:3], units["lat"][:3]):
        assert dict(zip(cells["code"], cells.geometry))[code].contains(Point(lon, lat))
    assert cells.attrs["source_label"].startswith("示意图") and "湛河区轮廓" in cells.attrs["source_label"]
    one, _ = maps.county_unit_cells(units.iloc[:1], "410411")      # one point: the whole county
    assert one.geometry.iloc[0].area == pytest.approx(OUTLINE.area, rel=1e-6)
    none, unplaced = maps.county_unit_cells(units.iloc[3:], "410411")   # no point at all: the county's outline
    assert (none["code"].tolist(), unplaced) == (["410411"], ["无点乡"])
    assert none.geometry.iloc[0].area == pytest.approx(OUTLINE.area, rel=1e-6)


def test_hatch_lines_stay_inside_the_area() -> None:
    area = maps.county_outline("410422")
    lon, lat = maps.hatch_lines([area])
    points = [Point(x, y) for x, y in zip(lon, lat) if x is not None]
    assert len(points) > 20 and all(area.buffer(1e-9).contains(p) for p in points)
    assert None in lon      # separate segments
