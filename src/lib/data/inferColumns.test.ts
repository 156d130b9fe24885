import { describe, expect, it } from 'vitest';
import { parseCsv } from './csv';
import { inferMapping, nameTokens } from './inferColumns';

describe('nameTokens', () => {
  it('splits on separators and camelCase', () => {
    expect(nameTokens('Album Cover')).toEqual(['album', 'cover']);
    expect(nameTokens('spotify_album_id')).toEqual(['spotify', 'album', 'id']);
    expect(nameTokens('coverFile')).toEqual(['cover', 'file']);
  });
});

describe('inferMapping on a Discogs-like table', () => {
  const table = parseCsv(
    [
      'cover,genre,discogs_release_id,source_path,width,height',
      'country__R-1.jpg,country,1,Album_Covers/Country/R-1.jpg,300,300',
      'country__R-2.jpg,country,2,Album_Covers/Country/R-2.jpg,600,600',
      'rock__R-3.jpg,rock,3,Album_Covers/Rock/R-3.jpg,300,500',
      'rock__R-4.jpg,rock,40,Album_Covers/Rock/R-4.jpg,500,300',
      'hiphop__R-5.jpg,hiphop,55,Album_Covers/HipHop/R-5.jpg,300,300',
    ].join('\n'),
  );
  const images = ['covers/country__R-1.jpg', 'covers/country__R-2.jpg', 'covers/rock__R-3.jpg', 'covers/rock__R-4.jpg', 'covers/hiphop__R-5.jpg'];
  const { mapping, reasons, leaks } = inferMapping(table, images);

  it('finds the cover by matching image files and the target by name', () => {
    expect(mapping.cover).toBe('cover');
    expect(reasons.cover).toMatch(/^Cover image: 5 of 5 values match an image file\./);
    expect(mapping.target).toBe('genre');
    expect(reasons.genre).toBe('Target: the name says "genre"; 3 distinct labels.');
  });

  it('ignores the id and the label-leaking source path; width and height are numeric', () => {
    expect(mapping).toEqual({
      cover: 'cover',
      target: 'genre',
      text: [],
      categorical: [],
      numeric: ['width', 'height'],
      group: null,
      ignore: ['discogs_release_id', 'source_path'],
    });
    expect(reasons.discogs_release_id).toBe('Ignored: an identifier (by its name).');
    expect(leaks).toEqual(['source_path']);
    expect(reasons.source_path).toMatch(/leak/);
    // The cover's file names carry the genre too: said in its reason, but it stays the cover.
    expect(reasons.cover).toMatch(/contain the label/);
  });

  it('gives every column exactly one role and a reason', () => {
    const roles = [mapping.cover, mapping.target, ...mapping.text, ...mapping.categorical, ...mapping.numeric, ...mapping.ignore];
    expect([...roles].sort()).toEqual([...table.columns].sort());
    expect(Object.keys(reasons).sort()).toEqual([...table.columns].sort());
  });

  it('ignores constant columns (every Discogs cover is 300×300)', () => {
    const t = parseCsv('cover,genre,width\na.jpg,pop,300\nb.jpg,rock,300\nc.jpg,pop,300\n');
    const r = inferMapping(t, ['a.jpg', 'b.jpg', 'c.jpg']);
    expect(r.mapping.ignore).toEqual(['width']);
    expect(r.reasons.width).toBe('Ignored: the same value in every row.');
  });
});

describe('inferMapping on a Spotify-like table', () => {
  const header = 'cover,genre,artist,album,year,release_date,total_tracks,spotify_album_id,spotify_artist_id,width,height';
  const rows = [
    'classical__a1.jpg,classical,Igor Stravinsky,"""Air - Classical Dances""",2024,2024-01-22,80,00J0nEe6Csvn,7ie36YytMoKt,640,640',
    'classical__a2.jpg,classical,Igor Stravinsky,The Firebird,2023,2023-03-31,46,06ZXBD1Jxte,7ie36YytMoKt,640,640',
    'classical__a3.jpg,classical,Ludwig van Beethoven,Nocturne in the Woods,2022,2022-04-22,12,03FYLiU2inK,2wOqMjp9TyAB,300,300',
    'rock__b1.jpg,rock,Queen,A Night at the Opera,1975,1975-11-21,12,1GbtB4zTqAsy,1dfeR4HaWDbW,640,640',
    'rock__b2.jpg,rock,Queen,News of the World,1977,1977-10-28,11,4D7KWbqjWNvj,1dfeR4HaWDbW,640,640',
    'rock__b3.jpg,rock,Nirvana,Nevermind,1991,1991-09-24,13,2UJcKiJxNryh,6olE6TJLqED3,640,640',
  ];
  const table = parseCsv([header, ...rows].join('\n'));
  const images = rows.map((r) => `covers/${r.split(',')[0]}`);
  const { mapping, reasons } = inferMapping(table, images);

  it('proposes artist as both a categorical feature and the CV group', () => {
    expect(mapping.group).toBe('artist');
    expect(mapping.categorical).toEqual(['artist']);
    expect(reasons.artist).toBe('Group and categorical: 4 artists repeat across rows; CV keeps each in one fold.');
  });

  it('maps every other column', () => {
    expect(mapping.cover).toBe('cover');
    expect(mapping.target).toBe('genre');
    expect(mapping.text).toEqual(['album']);
    expect(mapping.numeric).toEqual(['year', 'total_tracks', 'width', 'height']);
    expect(mapping.ignore).toEqual(['release_date', 'spotify_album_id', 'spotify_artist_id']);
    expect(reasons.release_date).toBe('Ignored: dates (use a year column instead).');
  });
});

describe('inferMapping on a lyrics table with a differently named cover column', () => {
  const text = [
    'Song,Artist,Genre,Lyrics,Album Cover',
    'Hello,Adele,pop,"Hello, it\'s me\nI was wondering",img/001.png',
    'Someone Like You,Adele,pop,I heard that you settled down,img/002.png',
    'Lose Yourself,Eminem,hiphop,"Look, if you had one shot",img/003.png',
    'Stan,Eminem,hiphop,My tea\'s gone cold I\'m wondering why,img/004.png',
    'Jolene,Dolly Parton,country,"Jolene, Jolene, Jolene, Jolene",img/005.png',
    'Nine to Five,Dolly Parton,country,Tumble out of bed and I stumble to the kitchen,img/006.png',
  ].join('\n');
  const table = parseCsv(text);
  const images = ['dataset/img/001.png', 'dataset/img/002.png', 'dataset/img/003.png', 'dataset/img/004.png', 'dataset/img/005.png', 'dataset/img/006.png'];

  it('finds the cover column by its matching values, lyrics and song as text, artist as group', () => {
    const { mapping, reasons } = inferMapping(table, images);
    expect(mapping).toEqual({
      cover: 'Album Cover',
      target: 'Genre',
      text: ['Song', 'Lyrics'],
      categorical: ['Artist'],
      numeric: [],
      group: 'Artist',
      ignore: [],
    });
    expect(reasons['Album Cover']).toBe('Cover image: 6 of 6 values match an image file.');
  });

  it('falls back to image-like values when no image files are known yet', () => {
    const { mapping, reasons } = inferMapping(table, []);
    expect(mapping.cover).toBe('Album Cover');
    expect(reasons['Album Cover']).toBe('Cover image: 100% of values are image file names.');
  });
});

describe('target selection', () => {
  it('accepts a target named "Style"', () => {
    const t = parseCsv('image,Style,Title\n1.jpg,Jazz,Kind of Blue\n2.jpg,Jazz,Blue Train\n3.jpg,Punk,London Calling\n');
    const { mapping, reasons } = inferMapping(t, ['1.jpg', '2.jpg', '3.jpg']);
    expect(mapping.cover).toBe('image');
    expect(mapping.target).toBe('Style');
    expect(reasons.Style).toBe('Target: the name says "style"; 2 distinct labels.');
    expect(mapping.text).toEqual(['Title']);
  });

  it('prefers "genre" over "label" (often the record label)', () => {
    const t = parseCsv('file,label,genre\na.jpg,Columbia,rock\nb.jpg,Columbia,pop\nc.jpg,EMI,rock\n');
    expect(inferMapping(t, ['a.jpg', 'b.jpg', 'c.jpg']).mapping.target).toBe('genre');
  });

  it('falls back to the repeated low-cardinality string column with the fewest values', () => {
    const t = parseCsv(
      'cover,mood,decade,title\n' +
        'a.jpg,dark,70s,One Title\nb.jpg,dark,80s,Two Titles\nc.jpg,bright,90s,Three\nd.jpg,bright,70s,Four\n',
    );
    const { mapping, reasons } = inferMapping(t, ['a.jpg', 'b.jpg', 'c.jpg', 'd.jpg']);
    expect(mapping.target).toBe('mood');
    expect(reasons.mood).toBe('Target: no column is named like a genre; "mood" has few repeated labels (2).');
  });

  it('returns null for cover and target when nothing fits', () => {
    const t = parseCsv('a,b\n1,x1\n2,x2\n');
    const { mapping } = inferMapping(t, []);
    expect(mapping.cover).toBeNull();
    expect(mapping.target).toBeNull();
  });
});

describe('ignored columns', () => {
  it('ignores URLs, row numbers, unique codes and non-cover paths', () => {
    const t = parseCsv(
      [
        ',cover,genre,url,code,thumb',
        '0,a.jpg,pop,https://x.org/1,AbC123,small/a.jpg',
        '1,b.jpg,pop,https://x.org/2,dEf456,small/b.jpg',
        '2,c.jpg,rock,https://x.org/3,GhI789,small/c.jpg',
      ].join('\n'),
    );
    const { mapping, reasons } = inferMapping(t, ['a.jpg', 'b.jpg', 'c.jpg']);
    expect(mapping.cover).toBe('cover');
    expect(mapping.ignore).toEqual(['col_1', 'url', 'code', 'thumb']);
    expect(reasons.col_1).toBe('Ignored: a row number.');
    expect(reasons.url).toBe('Ignored: it holds URLs.');
    expect(reasons.code).toBe('Ignored: a different code in every row (an identifier).');
    expect(reasons.thumb).toBe('Ignored: it holds file paths (folder names can leak the label).');
  });
});
