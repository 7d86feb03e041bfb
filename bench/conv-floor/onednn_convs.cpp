// oneDNN's own convolutions for the VGG-like layer shapes: forward, backward-data and backward-weights per layer,
// one thread, the best of R runs. Mode "blocked": activations and filters stay in the layouts oneDNN prefers (what a
// framework that keeps them across layers pays); mode "nchw": the caller's NCHW/OIHW arrays are reordered into those
// layouts and back around every call (what PyTorch's and libnd4j's oneDNN calls pay).
#include "oneapi/dnnl/dnnl.hpp"
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
using namespace dnnl;
using tag = memory::format_tag;
using dt = memory::data_type;

static double now() {
  return std::chrono::duration<double>(std::chrono::steady_clock::now().time_since_epoch()).count();
}

static void fill(memory& m) {
  float* p = static_cast<float*>(m.get_data_handle());
  size_t n = m.get_desc().get_size() / sizeof(float);
  for (size_t i = 0; i < n; i++) p[i] = static_cast<float>((i * 2654435761u) % 1000) / 1000.f - 0.5f;
}

// Reorders user into the primitive's layout when they differ (timed with the call), else uses user directly.
struct Operand {
  memory user, inner;
  bool reorder;
  Operand(const memory::desc& user_md, const memory::desc& inner_md, const engine& eng)
      : user(user_md, eng), inner(inner_md, eng), reorder(user_md != inner_md) {
    fill(user);
    fill(inner);
  }
  memory& in(stream& s) {
    if (reorder) dnnl::reorder(user, inner).execute(s, user, inner);
    return inner;
  }
  void out(stream& s) {
    if (reorder) dnnl::reorder(inner, user).execute(s, inner, user);
  }
};

int main(int argc, char** argv) {
  if (argc < 4) {
    fprintf(stderr, "usage: onednn_convs BATCH K blocked|nchw [REPEATS]\n");
    return 2;
  }
  int n = atoi(argv[1]);
  double k = atof(argv[2]);
  bool blocked = strcmp(argv[3], "blocked") == 0;
  int repeats = argc > 4 ? atoi(argv[4]) : 5;
  engine eng(engine::kind::cpu, 0);
  stream s(eng);
  const int cfg[] = {64, 64, 0, 128, 128, 0, 256, 256, 256, 0, 512, 512, 512, 0, 512, 512, 512, 0};
  int c = 3, h = 32;
  double total = 0;
  for (int li = 0; li < 18; li++) {
    if (cfg[li] == 0) {
      h /= 2;
      continue;
    }
    int o = static_cast<int>(cfg[li] * k);
    memory::dims src{n, c, h, h}, wei{o, c, 3, 3}, bia{o}, dst{n, o, h, h}, one{1, 1};
    memory::desc src_u(src, dt::f32, tag::nchw), wei_u(wei, dt::f32, tag::oihw), bia_u(bia, dt::f32, tag::x),
        dst_u(dst, dt::f32, tag::nchw);
    memory::desc src_a(src, dt::f32, tag::any), wei_a(wei, dt::f32, tag::any), dst_a(dst, dt::f32, tag::any);
    auto fpd = convolution_forward::primitive_desc(eng, prop_kind::forward_training, algorithm::convolution_direct,
                                                   src_a, wei_a, bia_u, dst_a, one, one, one);
    auto dpd = convolution_backward_data::primitive_desc(eng, algorithm::convolution_direct, src_a, wei_a, dst_a,
                                                         one, one, one, fpd);
    auto wpd = convolution_backward_weights::primitive_desc(eng, algorithm::convolution_direct, src_a, wei_a, bia_u,
                                                            dst_a, one, one, one, fpd);
    auto user = [&](const memory::desc& u, const memory::desc& inner) { return blocked ? inner : u; };
    Operand x(user(src_u, fpd.src_desc()), fpd.src_desc(), eng), w(user(wei_u, fpd.weights_desc()), fpd.weights_desc(), eng),
        y(user(dst_u, fpd.dst_desc()), fpd.dst_desc(), eng), dy(user(dst_u, dpd.diff_dst_desc()), dpd.diff_dst_desc(), eng),
        wd(user(wei_u, dpd.weights_desc()), dpd.weights_desc(), eng),
        dx(user(src_u, dpd.diff_src_desc()), dpd.diff_src_desc(), eng),
        xw(user(src_u, wpd.src_desc()), wpd.src_desc(), eng), dyw(user(dst_u, wpd.diff_dst_desc()), wpd.diff_dst_desc(), eng),
        dw(user(wei_u, wpd.diff_weights_desc()), wpd.diff_weights_desc(), eng);
    memory b(bia_u, eng), db(bia_u, eng);
    fill(b);
    convolution_forward fwd(fpd);
    convolution_backward_data bwd_data(dpd);
    convolution_backward_weights bwd_weights(wpd);
    double tf = 1e9, td = 1e9, tw = 1e9;
    for (int r = 0; r < repeats; r++) {
      double t0 = now();
      fwd.execute(s, {{DNNL_ARG_SRC, x.in(s)}, {DNNL_ARG_WEIGHTS, w.in(s)}, {DNNL_ARG_BIAS, b}, {DNNL_ARG_DST, y.inner}});
      y.out(s);
      s.wait();
      double t1 = now();
      if (li > 0) {  // the first layer's input needs no gradient
        bwd_data.execute(s, {{DNNL_ARG_DIFF_DST, dy.in(s)}, {DNNL_ARG_WEIGHTS, wd.in(s)}, {DNNL_ARG_DIFF_SRC, dx.inner}});
        dx.out(s);
      }
      s.wait();
      double t2 = now();
      bwd_weights.execute(s, {{DNNL_ARG_SRC, xw.in(s)}, {DNNL_ARG_DIFF_DST, dyw.in(s)},
                              {DNNL_ARG_DIFF_WEIGHTS, dw.inner}, {DNNL_ARG_DIFF_BIAS, db}});
      dw.out(s);
      s.wait();
      double t3 = now();
      tf = std::min(tf, t1 - t0);
      td = std::min(td, t2 - t1);
      tw = std::min(tw, t3 - t2);
    }
    printf("layer %2d  %3d->%3d channels %2dx%-2d  forward %6.2f ms  backward %6.2f ms  [%s]\n", li, c, o, h, h, tf * 1e3,
           (td + tw) * 1e3, wpd.impl_info_str());
    total += tf + td + tw;
    c = o;
  }
  printf("conv-floor k=%g batch %d %s: %.1f ms per step in convolutions\n", k, n, blocked ? "blocked" : "nchw", total * 1e3);
}
