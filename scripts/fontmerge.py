"""Adds to a TrueType font the glyphs of another that it lacks.

    python3 scripts/fontmerge.py BASE.ttf EXTRA.ttf OUT.ttf

Both fonts must have the same units per em (scripts/fonts.sh scales EXTRA
first). Composite glyphs of EXTRA are decomposed, so OUT needs none of
EXTRA's other glyphs. Used only to make bot/picture/fonts/paperbot-sans.ttf.
"""
import sys

from fontTools.pens.recordingPen import DecomposingRecordingPen
from fontTools.pens.ttGlyphPen import TTGlyphPen
from fontTools.ttLib import TTFont


def main(base_path, extra_path, out_path):
    base, extra = TTFont(base_path, recalcTimestamp=False), TTFont(extra_path)
    if base["head"].unitsPerEm != extra["head"].unitsPerEm:
        sys.exit("fontmerge: units per em differ; scale %s first" % extra_path)
    have, extra_cmap = base.getBestCmap(), extra.getBestCmap()
    glyphs = extra.getGlyphSet()
    order = list(base.getGlyphOrder())
    added = {}
    for cp, name in sorted(extra_cmap.items()):
        if cp in have:
            continue
        rec = DecomposingRecordingPen(glyphs)
        glyphs[name].draw(rec)
        pen = TTGlyphPen(None)
        rec.replay(pen)
        new = "uni%04X" % cp
        base["glyf"].glyphs[new] = pen.glyph()
        base["hmtx"].metrics[new] = extra["hmtx"].metrics[name]
        order.append(new)
        added[cp] = new
    base.setGlyphOrder(order)
    base["glyf"].glyphOrder = order
    for table in base["cmap"].tables:
        if table.isUnicode():
            table.cmap.update(added)
    base["maxp"].numGlyphs = len(order)
    for rec in base["name"].names:  # a modified font gets its own name
        if rec.nameID in (1, 3, 4, 6, 16):
            rec.string = "Paperbot Sans"
    base.save(out_path)
    print("fontmerge: %d glyphs added" % len(added))


if __name__ == "__main__":
    main(*sys.argv[1:4])
